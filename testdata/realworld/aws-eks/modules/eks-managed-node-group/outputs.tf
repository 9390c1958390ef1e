output "node_group_arn" {
  value = try(aws_eks_node_group.this[0].arn, null)
}

output "node_group_autoscaling_group_names" {
  value = try(flatten(aws_eks_node_group.this[*].resources[*].autoscaling_groups[*].name), [])
}

output "launch_template_id" {
  value = try(aws_launch_template.this[0].id, null)
}

output "iam_role_arn" {
  value = try(aws_iam_role.this[0].arn, var.iam_role_arn)
}
