# METADATA
# title: DocumentDB clusters encrypt their storage
# description: Without storage encryption, the data, automated backups, replicas and snapshots of a DocumentDB cluster are stored unencrypted, and encryption cannot be switched on later without restoring a snapshot into a new cluster. Storage is unencrypted unless it is set (the Terraform provider, CloudFormation and the API default to false). Clusters restored from a snapshot or a point in time, and secondary clusters, inherit their encryption from their source and are not reported.
# related_resources:
#   - https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html
#   - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/docdb_cluster#storage_encrypted
# custom:
#   id: VGL-AWS-DOCDB-001
#   severity: high
#   enforcement: advisory
#   resources: [aws_docdb_cluster, "AWS::DocDB::DBCluster", "aws:docdb/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SC-28"]
#     PCI-DSS-4.0: ["3.5.1"]
#   aliases: [CKV_AWS_74, AWS-0021]
package vigil.aws.docdb.encryption

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
	"aws_docdb_cluster": ["snapshot_identifier", "global_cluster_identifier", "restore_to_point_in_time"],
	"aws:docdb/cluster:Cluster": ["snapshotIdentifier", "globalClusterIdentifier", "restoreToPointInTime"],
	"AWS::DocDB::DBCluster": ["SnapshotIdentifier", "SourceDBClusterIdentifier", "RestoreType", "GlobalClusterIdentifier"],
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
		"aws_docdb_cluster", "/storage_encrypted",
		sprintf("DocumentDB cluster has storage_encrypted = {value}: its data, backups and snapshots are stored unencrypted. Set storage_encrypted = true (%s).", [_replace]),
		sprintf("DocumentDB cluster does not set storage_encrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set storage_encrypted = true (%s).", [_replace]),
	),
	_spec(
		"AWS::DocDB::DBCluster", "/StorageEncrypted",
		sprintf("DocumentDB cluster has StorageEncrypted: {value}, so its data, backups and snapshots are stored unencrypted. Set StorageEncrypted: true (%s).", [_replace]),
		sprintf("DocumentDB cluster does not set StorageEncrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set StorageEncrypted: true (%s).", [_replace]),
	),
	_spec(
		"aws:docdb/cluster:Cluster", "/storageEncrypted",
		sprintf("DocumentDB cluster has storageEncrypted: {value}, so its data, backups and snapshots are stored unencrypted. Set storageEncrypted: true (%s).", [_replace]),
		sprintf("DocumentDB cluster does not set storageEncrypted (the default is false): its data, backups and snapshots are stored unencrypted. Set storageEncrypted: true (%s).", [_replace]),
	),
]

deny contains result if {
	not _inherits
	some result in settings.check(_specs)
}
