# METADATA
# title: Customer-supplied disk encryption keys are not written in the code
# description: A customer-supplied encryption key (CSEK) written as a literal in the configuration is stored in version control, in every clone and CI log, and in Terraform state, so anyone who can read the code can decrypt the disk, which defeats the purpose of supplying the key. This flags literal raw_key and rsa_encrypted_key values of disk_encryption_key on disks, images and snapshots, and literal disk_encryption_key_raw values on instance boot disks and attached disks (rawKey, rsaEncryptedKey and diskEncryptionKeyRaw in Pulumi). Values read from a variable, a secret store or another resource are not reported. Use a Cloud KMS key (kms_key_self_link) instead, or pass the key from a secret manager at apply time.
# related_resources:
#   - https://cloud.google.com/compute/docs/disks/customer-supplied-encryption
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_disk#disk_encryption_key
# custom:
#   id: VGL-GCP-056
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_compute_disk
#     - google_compute_region_disk
#     - google_compute_image
#     - google_compute_snapshot
#     - google_compute_instance
#     - "gcp:compute/disk:Disk"
#     - "gcp:compute/regionDisk:RegionDisk"
#     - "gcp:compute/image:Image"
#     - "gcp:compute/snapshot:Snapshot"
#     - "gcp:compute/instance:Instance"
#   controls:
#     NIST-800-53-r5: ["SC-12", "SC-28"]
#     PCI-DSS-4.0: ["3.6.1"]
package vigil.gcp.compute.disk_plaintext_key

import data.vigil.lib
import rego.v1

_tf_names := {
	"disk_encryption_key": "disk_encryption_key", "raw_key": "raw_key", "rsa_encrypted_key": "rsa_encrypted_key",
	"boot_disk": "boot_disk", "attached_disk": "attached_disk", "disk_encryption_key_raw": "disk_encryption_key_raw",
}

_pulumi_names := {
	"disk_encryption_key": "diskEncryptionKey", "raw_key": "rawKey", "rsa_encrypted_key": "rsaEncryptedKey",
	"boot_disk": "bootDisk", "attached_disk": "attachedDisks", "disk_encryption_key_raw": "diskEncryptionKeyRaw",
}

_n := _pulumi_names if input.resource.source == "pulumi"

_n := _tf_names if input.resource.source != "pulumi"

_values := input.resource.values

_key_holder_types := {
	"google_compute_disk", "google_compute_region_disk", "google_compute_image", "google_compute_snapshot",
	"gcp:compute/disk:Disk", "gcp:compute/regionDisk:RegionDisk", "gcp:compute/image:Image", "gcp:compute/snapshot:Snapshot",
}

_instance_types := {"google_compute_instance", "gcp:compute/instance:Instance"}

# A key written in the code: a non-empty string that is not computed.
_literal(v) if {
	is_string(v)
	trim_space(v) != ""
	not contains(v, "${")
}

# Each place a key can be written, with its path.
_keys contains {"path": sprintf("%s/%s", [block.path, attr]), "value": value} if {
	input.resource.type in _key_holder_types
	some block in lib.block_entries(_values, _n.disk_encryption_key, "")
	is_object(block.value)
	some attr in [_n.raw_key, _n.rsa_encrypted_key]
	value := block.value[attr]
}

_keys contains {"path": sprintf("%s/%s", [block.path, attr]), "value": value} if {
	input.resource.type in _instance_types
	some kind in [_n.boot_disk, _n.attached_disk]
	some block in lib.block_entries(_values, kind, "")
	is_object(block.value)
	attr := _n.disk_encryption_key_raw
	value := block.value[attr]
}

deny contains result if {
	some key in _keys
	_literal(key.value)
	result := {
		"msg": "A customer-supplied disk encryption key is written in the code: it is stored in version control and in the state, and anyone who reads them can decrypt the disk. Use a Cloud KMS key, or pass the key from a secret store at apply time.",
		"path": key.path,
	}
}
