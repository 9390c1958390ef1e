output "cluster_arn" {
  value = try(aws_eks_cluster.this[0].arn, null)
}

output "cluster_endpoint" {
  value = try(aws_eks_cluster.this[0].endpoint, null)
}

output "cluster_name" {
  value = try(aws_eks_cluster.this[0].name, "")
}

output "kms_key_arn" {
  value = try(aws_kms_key.this[0].arn, null)
}

output "node_security_group_id" {
  value = local.node_security_group_id
}

output "eks_managed_node_groups" {
  value = module.eks_managed_node_group
}

output "eks_managed_node_groups_autoscaling_group_names" {
  value = compact(flatten([for group in module.eks_managed_node_group : group.node_group_autoscaling_group_names]))
}
