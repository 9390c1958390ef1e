output "network_name" {
  value = module.vpc.network_name
}

output "network_self_link" {
  value = module.vpc.network_self_link
}

output "subnets" {
  value = module.subnets.subnets
}

output "subnets_ips" {
  value = [for network in module.subnets.subnets : network.ip_cidr_range]
}

output "firewall_rules" {
  value = module.firewall_rules.firewall_rules
}
