# METADATA
# title: GKE clusters stay enrolled in a release channel
# description: A release channel (RAPID, REGULAR, STABLE or EXTENDED) keeps the control plane and nodes on supported versions and brings security patches in automatically; a cluster taken out of all channels (channel UNSPECIFIED) stays on the versions someone picks and falls behind on fixes for known vulnerabilities. GKE enrolls new clusters in the Regular channel when no channel is requested, so a cluster without a release_channel block is not reported; only clusters that set release_channel.channel (releaseChannel.channel in Pulumi) to UNSPECIFIED are. Use REGULAR or STABLE, with maintenance windows and exclusions to control timing.
# related_resources:
#   - https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels
#   - https://registry.terraform.io/providers/hashicorp/google/latest/docs/resources/container_cluster#release_channel
# custom:
#   id: VGL-GCP-049
#   severity: low
#   enforcement: advisory
#   resources: [google_container_cluster, "gcp:container/cluster:Cluster"]
#   controls:
#     NIST-800-53-r5: ["SI-2"]
package vigil.gcp.gke.release_channel

import data.vigil.lib.settings
import rego.v1

_channels := ["RAPID", "REGULAR", "STABLE", "EXTENDED"]

_specs := [
	{
		"type": "google_container_cluster", "path": "/release_channel/channel", "good": _channels,
		"fix": "REGULAR", "fix_safety": "unsafe",
		"msg": "release_channel.channel is {value}: the cluster is in no release channel, so it stays on the versions someone picks and falls behind on security fixes. Use REGULAR or STABLE.",
	},
	{
		"type": "gcp:container/cluster:Cluster", "path": "/releaseChannel/channel", "good": _channels,
		"fix": "REGULAR", "fix_safety": "unsafe",
		"msg": "releaseChannel.channel is {value}: the cluster is in no release channel, so it stays on the versions someone picks and falls behind on security fixes. Use REGULAR or STABLE.",
	},
]

deny contains result if some result in settings.check(_specs)
