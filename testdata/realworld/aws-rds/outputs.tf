output "db_instance_address" {
  value = module.db_instance.db_instance_address
}

output "db_instance_identifier" {
  value = module.db_instance.db_instance_identifier
}

output "db_subnet_group_id" {
  value = module.db_subnet_group.db_subnet_group_id
}

output "db_parameter_group_id" {
  value = module.db_parameter_group.db_parameter_group_id
}
