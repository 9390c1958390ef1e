variable "create" {
  type    = bool
  default = true
}

variable "vpc_id" {
  type    = string
  default = null
}

variable "endpoints" {
  description = "Endpoints to create, by key"
  type = map(object({
    service             = string
    service_type        = optional(string, "Interface")
    create              = optional(bool, true)
    private_dns_enabled = optional(bool, true)
    route_table_ids     = optional(list(string), [])
    subnet_ids          = optional(list(string), [])
    security_group_ids  = optional(list(string), [])
    policy              = optional(string)
    tags                = optional(map(string), {})
  }))
  default  = {}
  nullable = false
}

variable "subnet_ids" {
  type    = list(string)
  default = []
}

variable "create_security_group" {
  type    = bool
  default = false
}

variable "security_group_name_prefix" {
  type    = string
  default = "vpc-endpoints"
}

variable "security_group_rules" {
  description = "Ingress rules of the endpoints' security group"
  type = map(object({
    description = optional(string)
    cidr_blocks = optional(list(string))
    from_port   = optional(number, 443)
    to_port     = optional(number, 443)
    protocol    = optional(string, "tcp")
  }))
  default = {}
}

variable "timeouts" {
  type    = map(string)
  default = {}
}

variable "tags" {
  type    = map(string)
  default = {}
}

data "aws_region" "current" {}

locals {
  endpoints          = { for k, v in var.endpoints : k => v if var.create && v.create }
  security_group_ids = var.create && var.create_security_group ? concat([aws_security_group.this[0].id], []) : []
}

data "aws_vpc_endpoint_service" "this" {
  for_each = local.endpoints

  service      = each.value.service
  service_type = each.value.service_type
}

resource "aws_vpc_endpoint" "this" {
  for_each = local.endpoints

  vpc_id            = var.vpc_id
  service_name      = data.aws_vpc_endpoint_service.this[each.key].service_name
  vpc_endpoint_type = each.value.service_type

  security_group_ids  = each.value.service_type == "Interface" ? length(distinct(concat(local.security_group_ids, each.value.security_group_ids))) > 0 ? distinct(concat(local.security_group_ids, each.value.security_group_ids)) : null : null
  subnet_ids          = each.value.service_type == "Interface" ? distinct(concat(var.subnet_ids, each.value.subnet_ids)) : null
  route_table_ids     = each.value.service_type == "Gateway" ? each.value.route_table_ids : null
  private_dns_enabled = each.value.service_type == "Interface" ? each.value.private_dns_enabled : null
  policy              = each.value.policy

  tags = merge(var.tags, { Name = "${each.key}-${data.aws_region.current.name}" }, each.value.tags)

  timeouts {
    create = try(var.timeouts.create, "10m")
    update = try(var.timeouts.update, "10m")
    delete = try(var.timeouts.delete, "10m")
  }
}

resource "aws_security_group" "this" {
  count = var.create && var.create_security_group ? 1 : 0

  name_prefix = "${var.security_group_name_prefix}-"
  description = "VPC endpoints"
  vpc_id      = var.vpc_id

  tags = var.tags

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group_rule" "this" {
  for_each = { for k, v in var.security_group_rules : k => v if var.create && var.create_security_group }

  type              = "ingress"
  security_group_id = aws_security_group.this[0].id
  description       = each.value.description
  cidr_blocks       = each.value.cidr_blocks
  from_port         = each.value.from_port
  to_port           = each.value.to_port
  protocol          = each.value.protocol
}

output "endpoints" {
  value = aws_vpc_endpoint.this
}

output "security_group_id" {
  value = try(aws_security_group.this[0].id, null)
}
