# METADATA
# title: Cloud KMS keys rotate at least every 90 days
# description: Automatic rotation makes Cloud KMS create a new primary key version on a schedule, which limits how much data any one version encrypts and how long a leaked version stays useful, while older versions keep decrypting existing data. A symmetric key (purpose ENCRYPT_DECRYPT, the default) has no rotation unless rotation_period is set (rotationPeriod in Pulumi), so this flags such keys that leave it out or set a period longer than 90 days (7776000s). Asymmetric and MAC keys, import-only keys and keys in external key managers cannot rotate automatically and are not reported.
# related_resources:
#   - https://cloud.google.com/kms/docs/key-rotation
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/kms_crypto_key#rotation_period
# custom:
#   id: VGL-GCP-034
#   severity: medium
#   enforcement: remediate
#   resources: [google_kms_crypto_key, "gcp:kms/cryptoKey:CryptoKey"]
#   controls:
#     CIS-GCP-Foundations-3.0: ["1.10"]
#     NIST-800-53-r5: ["SC-12"]
#     PCI-DSS-4.0: ["3.7.4"]
#   aliases: [CKV_GCP_43]
package vigil.gcp.kms.key_rotation

import data.vigil.lib
import rego.v1

_names := {
	"google_kms_crypto_key": {"rotation": "rotation_period", "import_only": "import_only", "template": "version_template", "protection": "protection_level"},
	"gcp:kms/cryptoKey:CryptoKey": {"rotation": "rotationPeriod", "import_only": "importOnly", "template": "versionTemplate", "protection": "protectionLevel"},
}

_n := _names[input.resource.type]

_values := input.resource.values

_max_seconds := 7776000

# Symmetric keys that Cloud KMS can rotate (unknown values are not counted as such).
_rotatable if {
	object.get(_values, "purpose", "ENCRYPT_DECRYPT") in {"ENCRYPT_DECRYPT", null}
	not lib.is_true(object.get(_values, _n.import_only, false))
	_local_protection
}

_local_protection if not _protection_level

_local_protection if _protection_level in {"SOFTWARE", "HSM"}

_protection_level := level if {
	some template in lib.block_entries(_values, _n.template, "")
	level := template.value[_n.protection]
	level != null
}

_path := sprintf("/%s", [_n.rotation])

_seconds(period) := to_number(m[0][1]) if {
	is_string(period)
	m := regex.find_all_string_submatch_n(`^\s*([0-9]+(\.[0-9]+)?)s\s*$`, period, 1)
	count(m) == 1
}

deny contains result if {
	_n
	_rotatable
	object.get(_values, _n.rotation, null) == null
	result := {
		"msg": sprintf("The key sets no %s, so Cloud KMS never rotates it: one key version encrypts everything, for as long as the key lives. Set %s = \"7776000s\" (90 days) or shorter.", [_n.rotation, _n.rotation]),
		"path": _path,
		"fix": [{"op": "add", "path": _path, "value": "7776000s"}],
	}
}

deny contains result if {
	_n
	_rotatable
	period := _values[_n.rotation]
	_seconds(period) > _max_seconds
	result := {
		"msg": sprintf("%s is %s, longer than 90 days (7776000s): each key version protects data for longer than it should. Set it to \"7776000s\" or shorter.", [_n.rotation, period]),
		"path": _path,
		"fix": [{"op": "replace", "path": _path, "value": "7776000s"}],
	}
}
