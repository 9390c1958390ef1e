# METADATA
# title: Neptune clusters encrypt their storage
# description: Without storage encryption, the data, automated backups, replicas and snapshots of a Neptune cluster are stored unencrypted, and encryption cannot be switched on later without restoring a snapshot into a new cluster. Storage is unencrypted unless it is set (the Terraform provider, CloudFormation and the API default to false). Clusters restored from a snapshot or a point in time, and secondary clusters, inherit their encryption from their source and are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/neptune_cluster#storage_encrypted
# custom:
#   id: VGL-AWS-NEPTUNE-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_neptune_cluster, "AWS::Neptune::DBCluster", "aws:neptune/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_44, AWS-0076]
package vigil.aws.neptune.encryption

import data.vigil.lib.settings
import rego.v1

_values := input.resource.values

_set(key) if {
	v := _values[key]
	v != null
	v != ""
}

# Settings under which the encryption comes from a source (snapshot, restore, primary).
_inheriting := {
	"aws_neptune_cluster": ["snapshot_identifier", "global_cluster_identifier", "replication_source_identifier"],
	"aws:neptune/cluster:Cluster": ["snapshotIdentifier", "globalClusterIdentifier", "replicationSourceIdentifier"],
	"AWS::Neptune::DBCluster": ["SnapshotIdentifier", "SourceDBClusterIdentifier", "RestoreType"],
}

_inherits if {
	some key in _inheriting[input.resource.type]
	_set(key)
}

_spec(type, path, msg, missing_msg) := {
	"type": type, "path": path, "good": [true], "missing": true, "fix": true, "fix_safety": "unsafe",
	"msg": msg, "missing_msg": missing_msg,
}

_replace := "an existing cluster is replaced, so migrate it through an encrypted snapshot restore"

_specs := [
	_spec(
		"aws_neptune_cluster", "/storage_encrypted",
		sprintf("Neptune cluster has storage_encrypted = {value}: its data, backups and snapshots are stored unencrypted. Set storage_encrypted = true (%s).", [_replace]),
		sprintf("Neptune cluster does not set storage_encrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set storage_encrypted = true (%s).", [_replace]),
	),
	_spec(
		"AWS::Neptune::DBCluster", "/StorageEncrypted",
		sprintf("Neptune cluster has StorageEncrypted: {value}, so its data, backups and snapshots are stored unencrypted. Set StorageEncrypted: true (%s).", [_replace]),
		sprintf("Neptune cluster does not set StorageEncrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set StorageEncrypted: true (%s).", [_replace]),
	),
	_spec(
		"aws:neptune/cluster:Cluster", "/storageEncrypted",
		sprintf("Neptune cluster has storageEncrypted: {value}, so its data, backups and snapshots are stored unencrypted. Set storageEncrypted: true (%s).", [_replace]),
		sprintf("Neptune cluster does not set storageEncrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set storageEncrypted: true (%s).", [_replace]),
	),
]

deny contains result if {
	not _inherits
	some result in settings.check(_specs)
}
