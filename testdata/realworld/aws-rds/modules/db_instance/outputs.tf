output "db_instance_address" {
  value = try(aws_db_instance.this[0].address, null)
}

output "db_instance_identifier" {
  value = try(aws_db_instance.this[0].identifier, null)
}
