package vigil.gcp.kms.key_public_test

import data.vigil.gcp.kms.key_public as p
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

test_tf_member if {
	results := p.deny with input as _res("google_kms_crypto_key_iam_member", "terraform", {"crypto_key_id": "k", "role": "roles/cloudkms.cryptoKeyDecrypter", "member": "allUsers"})
	_paths(results) == {"/member"}
	some r in results
	contains(r.msg, "roles/cloudkms.cryptoKeyDecrypter")
}

test_tf_key_ring_binding if {
	_paths(p.deny) == {"/members/1"} with input as _res("google_kms_key_ring_iam_binding", "terraform", {"role": "roles/cloudkms.viewer", "members": ["group:sec@acme.example", "allAuthenticatedUsers"]})
}

test_tf_private if {
	count(p.deny) == 0 with input as _res("google_kms_crypto_key_iam_member", "terraform", {"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "member": "serviceAccount:app@acme.iam.gserviceaccount.com"})
	count(p.deny) == 0 with input as _res("google_kms_crypto_key_iam_member", "terraform", {"role": "roles/cloudkms.cryptoKeyEncrypterDecrypter", "member": "${var.member}"})
}

test_pulumi if {
	_paths(p.deny) == {"/member"} with input as _res("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "pulumi", {"role": "roles/cloudkms.cryptoKeyDecrypter", "member": "allAuthenticatedUsers"})
	count(p.deny) == 0 with input as _res("gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "pulumi", {"role": "roles/cloudkms.cryptoKeyDecrypter", "member": "user:a@acme.example"})
}
