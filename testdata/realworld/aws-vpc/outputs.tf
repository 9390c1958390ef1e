output "vpc_id" {
  description = "The ID of the VPC"
  value       = try(aws_vpc.this[0].id, null)
}

output "vpc_cidr_block" {
  description = "The CIDR block of the VPC"
  value       = try(aws_vpc.this[0].cidr_block, null)
}

output "default_security_group_id" {
  value = try(aws_vpc.this[0].default_security_group_id, null)
}

output "public_subnets" {
  value = aws_subnet.public[*].id
}

output "private_subnets" {
  value = aws_subnet.private[*].id
}

output "private_route_table_ids" {
  value = aws_route_table.private[*].id
}

output "database_subnet_group_name" {
  value = try(aws_db_subnet_group.database[0].name, null)
}

output "nat_public_ips" {
  value = var.reuse_nat_ips ? [] : aws_eip.nat[*].public_ip
}

output "azs" {
  value = var.azs
}

output "name" {
  value = var.name
}
