package vigil.gcp.compute.disk_plaintext_key_test

import data.vigil.gcp.compute.disk_plaintext_key as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "x",
	"type": type,
	"name": "x",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

_paths(results) := {r.path | some r in results}

test_tf_disk_raw_key if {
	_paths(p.deny) == {"/disk_encryption_key/raw_key"} with input as _res("google_compute_disk", "terraform", {"disk_encryption_key": {"raw_key": "SGVsbG8gZnJvbSBHb29nbGUgQ2xvdWQgUGxhdGZvcm0="}})
	_paths(p.deny) == {"/disk_encryption_key/rsa_encrypted_key"} with input as _res("google_compute_snapshot", "terraform", {"snapshot_encryption_key": {}, "disk_encryption_key": {"rsa_encrypted_key": "ieCx/NcW06PcT7Ep1X6LUTc/hLvUDYyzSZPPVCVPTVEohpeHASqC8uw5TzyO9U+Fka9JFHz0mBibXUInrC/jEk014kCK/NPjYgEMOyssZ4ZINPKxlUh2zn1bV+MCaTICrdmuSBTWlUUiFoDD6PYznLwh8ZNdaheCeZ8ewEXgFQ8V+sDroLaN3Xs3MDTXQEMMoNUXMCZEIpg9Vtp9x2oeQ5lAbtt7bYAAHf5l+gJWw3sUfs0/Glw5fpdjT8Uggrr+RMZezGrltJEF293rvTIjWOEB3z5OHyHwQkvdrPDFcTqsLfh+8Hr8g+mf+7zVPEC8nEbqpdl3GPv3A7AwpFp7MA=="}})
}

test_tf_instance_disks if {
	results := p.deny with input as _res("google_compute_instance", "terraform", {
		"boot_disk": {"disk_encryption_key_raw": "c2VjcmV0LWtleS1mb3ItYm9vdC1kaXNrLTMyYnl0ZXM="},
		"attached_disk": [{"source": "a"}, {"source": "b", "disk_encryption_key_raw": "c2Vjb25kLWtleQ=="}],
	})
	_paths(results) == {"/boot_disk/disk_encryption_key_raw", "/attached_disk/1/disk_encryption_key_raw"}
}

test_tf_not_literal if {
	count(p.deny) == 0 with input as _res("google_compute_disk", "terraform", {"disk_encryption_key": {"raw_key": "${var.disk_key}"}})
	count(p.deny) == 0 with input as _res("google_compute_disk", "terraform", {"disk_encryption_key": {"kms_key_self_link": "projects/p/locations/l/keyRings/r/cryptoKeys/k"}})
	count(p.deny) == 0 with input as _res("google_compute_instance", "terraform", {"boot_disk": {"kms_key_self_link": "k"}})
}

test_pulumi if {
	_paths(p.deny) == {"/diskEncryptionKey/rawKey"} with input as _res("gcp:compute/disk:Disk", "pulumi", {"diskEncryptionKey": {"rawKey": "SGVsbG8="}})
	_paths(p.deny) == {"/bootDisk/diskEncryptionKeyRaw"} with input as _res("gcp:compute/instance:Instance", "pulumi", {"bootDisk": {"diskEncryptionKeyRaw": "SGVsbG8="}})
	count(p.deny) == 0 with input as _res("gcp:compute/disk:Disk", "pulumi", {"diskEncryptionKey": {"rawKey": "${diskKey}"}})
}
