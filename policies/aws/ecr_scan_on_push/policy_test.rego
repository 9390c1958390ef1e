package vigil.aws.ecr.scan_on_push_test

import data.vigil.aws.ecr.scan_on_push as p
import data.vigil.lib
import rego.v1

_r(type, source, values) := {
	"address": "repo", "type": type, "name": "repo", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}

test_tf_missing if {
	results := p.deny with input as {"resource": _r("aws_ecr_repository", "terraform", {"name": "app"})}
	count(results) == 1
	some r in results
	r.path == "/image_scanning_configuration/scan_on_push"
	r.fix == [{"op": "add", "path": "/image_scanning_configuration", "value": {"scan_on_push": true}}]
}

test_tf_false if {
	results := p.deny with input as {"resource": _r("aws_ecr_repository", "terraform", {"image_scanning_configuration": {"scan_on_push": false}})}
	some r in results
	r.fix == [{"op": "replace", "path": "/image_scanning_configuration/scan_on_push", "value": true}]
}

test_tf_true if {
	count(p.deny) == 0 with input as {"resource": _r("aws_ecr_repository", "terraform", {"image_scanning_configuration": {"scan_on_push": true}})}
}

test_tf_registry_scanning if {
	reg := {"address": "aws_ecr_registry_scanning_configuration.this", "type": "aws_ecr_registry_scanning_configuration", "values": {"scan_type": "ENHANCED"}}
	repo := _r("aws_ecr_repository", "terraform", {"name": "app"})
	count(p.deny) == 0 with input as {"resource": repo} with data.vigil.stack as lib.stack_of([repo, reg])
}

test_cfn if {
	results := p.deny with input as {"resource": _r("AWS::ECR::Repository", "cloudformation", {"ImageScanningConfiguration": {"ScanOnPush": "false"}})}
	some r in results
	r.path == "/ImageScanningConfiguration/ScanOnPush"
	count(p.deny) == 0 with input as {"resource": _r("AWS::ECR::Repository", "cloudformation", {"ImageScanningConfiguration": {"ScanOnPush": "true"}})}
}

test_pulumi if {
	results := p.deny with input as {"resource": _r("aws:ecr/repository:Repository", "pulumi", {"name": "app"})}
	some r in results
	r.path == "/imageScanningConfiguration/scanOnPush"
	count(p.deny) == 0 with input as {"resource": _r("aws:ecr/repository:Repository", "pulumi", {"imageScanningConfiguration": {"scanOnPush": true}})}
}
