# METADATA
# title: Pub/Sub topics and subscriptions are not shared with allUsers or allAuthenticatedUsers
# description: A topic or subscription role granted to allUsers lets anyone on the internet use it, and one granted to allAuthenticatedUsers anyone with any Google account, which is effectively the same; they can then publish forged messages into the systems that consume the topic, or read the messages of a subscription. This flags IAM members and bindings of topics and subscriptions (google_pubsub_topic_iam_* and google_pubsub_subscription_iam_*, and Pulumi's TopicIAMMember/Binding and SubscriptionIAMMember/Binding) that name either principal. Grant roles to the service accounts of the publishers and subscribers.
# related_resources:
#   - https://cloud.google.com/pubsub/docs/access-control
# custom:
#   id: VGL-GCP-058
#   severity: high
#   enforcement: mandatory
#   resources:
#     - google_pubsub_topic_iam_member
#     - google_pubsub_subscription_iam_member
#     - google_pubsub_topic_iam_binding
#     - google_pubsub_subscription_iam_binding
#     - "gcp:pubsub/topicIAMMember:TopicIAMMember"
#     - "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"
#     - "gcp:pubsub/topicIAMBinding:TopicIAMBinding"
#     - "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding"
#   controls:
#     NIST-800-53-r5: ["AC-3", "AC-6"]
#     PCI-DSS-4.0: ["7.2.1"]
package vigil.gcp.pubsub.public

import rego.v1

_member_types := {"google_pubsub_topic_iam_member", "google_pubsub_subscription_iam_member", "gcp:pubsub/topicIAMMember:TopicIAMMember", "gcp:pubsub/subscriptionIAMMember:SubscriptionIAMMember"}

_binding_types := {"google_pubsub_topic_iam_binding", "google_pubsub_subscription_iam_binding", "gcp:pubsub/topicIAMBinding:TopicIAMBinding", "gcp:pubsub/subscriptionIAMBinding:SubscriptionIAMBinding"}

_public(x) if {
	is_string(x)
	lower(trim_space(x)) in {"allusers", "allauthenticatedusers"}
}

_role := sprintf("role %s", [input.resource.values.role]) if is_string(input.resource.values.role)

_role := "a role" if not is_string(input.resource.values.role)

_who(member) := "anyone on the internet" if lower(trim_space(member)) == "allusers"

_who(member) := "anyone with a Google account" if lower(trim_space(member)) != "allusers"

_msg(member) := sprintf(
	"%s is granted to %s: %s can publish to or read from it. Grant it to specific users, groups or service accounts instead.",
	[_role, trim_space(member), _who(member)],
)

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
