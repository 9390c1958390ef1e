package vigil.gcp.kms.key_rotation_test

import data.vigil.gcp.kms.key_rotation as p
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

_tf(values) := _res("google_kms_crypto_key", "terraform", object.union({"name": "k", "key_ring": "${google_kms_key_ring.r.id}"}, values))

_paths(results) := {r.path | some r in results}

test_tf_missing if {
	results := p.deny with input as _tf({})
	_paths(results) == {"/rotation_period"}
	some r in results
	r.fix == [{"op": "add", "path": "/rotation_period", "value": "7776000s"}]
}

test_tf_too_long if {
	results := p.deny with input as _tf({"rotation_period": "31536000s"})
	some r in results
	r.fix == [{"op": "replace", "path": "/rotation_period", "value": "7776000s"}]
}

test_tf_ok if {
	count(p.deny) == 0 with input as _tf({"rotation_period": "7776000s"})
	count(p.deny) == 0 with input as _tf({"rotation_period": "2592000s"})
	count(p.deny) == 0 with input as _tf({"rotation_period": "${var.rotation}"})
}

test_tf_not_rotatable if {
	count(p.deny) == 0 with input as _tf({"purpose": "ASYMMETRIC_SIGN", "version_template": {"algorithm": "EC_SIGN_P256_SHA256"}})
	count(p.deny) == 0 with input as _tf({"purpose": "MAC"})
	count(p.deny) == 0 with input as _tf({"import_only": true})
	count(p.deny) == 0 with input as _tf({"version_template": {"algorithm": "EXTERNAL_SYMMETRIC_ENCRYPTION", "protection_level": "EXTERNAL"}})
	count(p.deny) == 0 with input as _tf({"purpose": "${var.purpose}"})
}

test_tf_hsm_rotatable if {
	count(p.deny) == 1 with input as _tf({"version_template": {"algorithm": "GOOGLE_SYMMETRIC_ENCRYPTION", "protection_level": "HSM"}})
}

test_pulumi if {
	_paths(p.deny) == {"/rotationPeriod"} with input as _res("gcp:kms/cryptoKey:CryptoKey", "pulumi", {"keyRing": "r"})
	_paths(p.deny) == {"/rotationPeriod"} with input as _res("gcp:kms/cryptoKey:CryptoKey", "pulumi", {"rotationPeriod": "100000000s"})
	count(p.deny) == 0 with input as _res("gcp:kms/cryptoKey:CryptoKey", "pulumi", {"rotationPeriod": "7776000s"})
	count(p.deny) == 0 with input as _res("gcp:kms/cryptoKey:CryptoKey", "pulumi", {"purpose": "ASYMMETRIC_DECRYPT"})
}
