package vigil.aws.ecr.immutable_tags_test

import data.vigil.aws.ecr.immutable_tags as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "repo", "type": type, "name": "repo", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("aws_ecr_repository", "terraform", {"name": "app"})
	count(results) == 1
	some r in results
	r.path == "/image_tag_mutability"
	r.fix == [{"op": "add", "path": "/image_tag_mutability", "value": "IMMUTABLE"}]
	r.fix_safety == "unsafe"
}

test_tf_mutable if {
	results := p.deny with input as _res("aws_ecr_repository", "terraform", {"image_tag_mutability": "MUTABLE"})
	some r in results
	r.fix == [{"op": "replace", "path": "/image_tag_mutability", "value": "IMMUTABLE"}]
	count(p.deny) == 1 with input as _res("aws_ecr_repository", "terraform", {"image_tag_mutability": "MUTABLE_WITH_EXCLUSION"})
}

test_tf_immutable if {
	count(p.deny) == 0 with input as _res("aws_ecr_repository", "terraform", {"image_tag_mutability": "IMMUTABLE"})
	count(p.deny) == 0 with input as _res("aws_ecr_repository", "terraform", {"image_tag_mutability": "IMMUTABLE_WITH_EXCLUSION"})
}

test_cfn if {
	results := p.deny with input as _res("AWS::ECR::Repository", "cloudformation", {})
	some r in results
	r.path == "/ImageTagMutability"
	count(p.deny) == 0 with input as _res("AWS::ECR::Repository", "cloudformation", {"ImageTagMutability": "IMMUTABLE"})
}

test_pulumi if {
	results := p.deny with input as _res("aws:ecr/repository:Repository", "pulumi", {"imageTagMutability": "MUTABLE"})
	some r in results
	r.path == "/imageTagMutability"
	count(p.deny) == 0 with input as _res("aws:ecr/repository:Repository", "pulumi", {"imageTagMutability": "IMMUTABLE"})
}
