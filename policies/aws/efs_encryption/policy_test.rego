package vigil.aws.efs.encryption_test

import data.vigil.aws.efs.encryption as p
import rego.v1

_in(type, source, values) := {"resource": {
	"address": "shared", "type": type, "name": "shared", "mode": "managed",
	"source": source, "values": values, "references": {}, "unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _in("aws_efs_file_system", "terraform", {"creation_token": "shared"})
	results == {{
		"msg": "EFS file system is not encrypted at rest (encrypted is not set), so its files and backups are stored in the clear. Set encrypted = true (this replaces the file system: copy its data to the new one).",
		"path": "/encrypted",
		"fix": [{"op": "add", "path": "/encrypted", "value": true}],
		"fix_safety": "unsafe",
	}}
}

test_tf_false if {
	results := p.deny with input as _in("aws_efs_file_system", "terraform", {"encrypted": false})
	some r in results
	r.fix == [{"op": "replace", "path": "/encrypted", "value": true}]
}

test_tf_good if {
	count(p.deny) == 0 with input as _in("aws_efs_file_system", "terraform", {"encrypted": true, "kms_key_id": "${aws_kms_key.efs.arn}"})
}

test_cfn if {
	{r.path | some r in p.deny} == {"/Encrypted"} with input as _in("AWS::EFS::FileSystem", "cloudformation", {"PerformanceMode": "generalPurpose"})
	count(p.deny) == 0 with input as _in("AWS::EFS::FileSystem", "cloudformation", {"Encrypted": "true"})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/encrypted"} with input as _in("aws:efs/fileSystem:FileSystem", "pulumi", {"encrypted": false})
	count(p.deny) == 0 with input as _in("aws:efs/fileSystem:FileSystem", "pulumi", {"encrypted": true})
}
