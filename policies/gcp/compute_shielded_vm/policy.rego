# METADATA
# title: Compute instances keep vTPM and integrity monitoring on
# description: Shielded VM's virtual TPM measures the boot sequence, and integrity monitoring compares those measurements with a known-good baseline, so that a rootkit or bootkit that changes the boot chain is detected. Both are on by default for images that support Shielded VM (enable_vtpm and enable_integrity_monitoring of shielded_instance_config default to true; shieldedInstanceConfig in Pulumi); this flags instances and instance templates that turn either off. Secure Boot (enable_secure_boot, off by default) is not reported, because some drivers and custom images cannot boot with it.
# related_resources:
#   - https://cloud.google.com/compute/shielded-vm/docs/shielded-vm
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/compute_instance#shielded_instance_config
# custom:
#   id: VGL-GCP-010
#   severity: medium
#   enforcement: advisory
#   resources:
#     - google_compute_instance
#     - google_compute_instance_template
#     - google_compute_region_instance_template
#     - "gcp:compute/instance:Instance"
#     - "gcp:compute/instanceTemplate:InstanceTemplate"
#     - "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"
#   controls:
#     CIS-GCP-Foundations-3.0: ["4.8"]
#     NIST-800-53-r5: ["SI-7"]
#   aliases: [CKV_GCP_39]
package vigil.gcp.compute.shielded_vm

import data.vigil.lib.settings
import rego.v1

_tf_types := ["google_compute_instance", "google_compute_instance_template", "google_compute_region_instance_template"]

_pulumi_types := ["gcp:compute/instance:Instance", "gcp:compute/instanceTemplate:InstanceTemplate", "gcp:compute/regionInstanceTemplate:RegionInstanceTemplate"]

_spec(type, path, msg) := {"type": type, "path": path, "good": [true], "fix": true, "fix_safety": "unsafe", "msg": msg}

_vtpm_msg(name) := sprintf("%s is false: without the virtual TPM the boot sequence is not measured, so a bootkit or rootkit goes unnoticed. Set it to true (the default).", [name])

_integrity_msg(name) := sprintf("%s is false: boot measurements are not compared with a known-good baseline, so a tampered boot chain goes unnoticed. Set it to true (the default).", [name])

_specs := array.concat(
	array.concat(
		[_spec(t, "/shielded_instance_config/enable_vtpm", _vtpm_msg("enable_vtpm")) | some t in _tf_types],
		[_spec(t, "/shielded_instance_config/enable_integrity_monitoring", _integrity_msg("enable_integrity_monitoring")) | some t in _tf_types],
	),
	array.concat(
		[_spec(t, "/shieldedInstanceConfig/enableVtpm", _vtpm_msg("enableVtpm")) | some t in _pulumi_types],
		[_spec(t, "/shieldedInstanceConfig/enableIntegrityMonitoring", _integrity_msg("enableIntegrityMonitoring")) | some t in _pulumi_types],
	),
)

deny contains result if some result in settings.check(_specs)
