# METADATA
# title: Cloud KMS keys and key rings are not public
# description: A role on a key or key ring granted to allUsers lets anyone on the internet use it, and one granted to allAuthenticatedUsers anyone with any Google account, which is effectively the same; with an encrypter/decrypter role they can decrypt whatever the key protects. This flags IAM members and bindings of crypto keys and key rings (google_kms_crypto_key_iam_* and google_kms_key_ring_iam_*, and their Pulumi CryptoKeyIAMMember/Binding and KeyRingIAMMember/Binding resources) that name either principal. Grant roles on keys to specific service accounts instead.
# related_resources:
#   - https://cloud.google.com/kms/docs/iam
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/google_kms_crypto_key_iam
# custom:
#   id: VGL-GCP-045
#   severity: critical
#   enforcement: mandatory
#   resources:
#     - google_kms_crypto_key_iam_member
#     - google_kms_crypto_key_iam_binding
#     - google_kms_key_ring_iam_member
#     - google_kms_key_ring_iam_binding
#     - "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember"
#     - "gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding"
#     - "gcp:kms/keyRingIAMMember:KeyRingIAMMember"
#     - "gcp:kms/keyRingIAMBinding:KeyRingIAMBinding"
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.9"]
#     NIST-800-53-r5: ["AC-3", "SC-12"]
#     PCI-DSS-4.0: ["3.6.1"]
package vigil.gcp.kms.key_public

import rego.v1

_member_types := {
	"google_kms_crypto_key_iam_member", "google_kms_key_ring_iam_member",
	"gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember", "gcp:kms/keyRingIAMMember:KeyRingIAMMember",
}

_binding_types := {
	"google_kms_crypto_key_iam_binding", "google_kms_key_ring_iam_binding",
	"gcp:kms/cryptoKeyIAMBinding:CryptoKeyIAMBinding", "gcp:kms/keyRingIAMBinding:KeyRingIAMBinding",
}

_public(x) if {
	is_string(x)
	lower(trim_space(x)) in {"allusers", "allauthenticatedusers"}
}

_role := sprintf("role %s", [input.resource.values.role]) if is_string(input.resource.values.role)

_role := "a role" if not is_string(input.resource.values.role)

_msg(member) := sprintf(
	"%s on the key is granted to %s: anyone %s can use it, and with an encrypter/decrypter role decrypt what it protects. Grant it to specific service accounts instead.",
	[_role, trim_space(member), _who(member)],
)

_who(member) := "on the internet" if lower(trim_space(member)) == "allusers"

_who(member) := "with a Google account" if lower(trim_space(member)) != "allusers"

deny contains result if {
	input.resource.type in _member_types
	member := input.resource.values.member
	_public(member)
	result := {"msg": _msg(member), "path": "/member"}
}

deny contains result if {
	input.resource.type in _binding_types
	members := input.resource.values.members
	is_array(members)
	some i, member in members
	_public(member)
	result := {"msg": _msg(member), "path": sprintf("/members/%d", [i])}
}
