variable "network_name" {
  type = string
}

variable "auto_create_subnetworks" {
  type    = bool
  default = false
}

variable "routing_mode" {
  type    = string
  default = "GLOBAL"
}

variable "project_id" {
  type = string
}

variable "description" {
  type    = string
  default = ""
}

variable "shared_vpc_host" {
  type    = bool
  default = false
}

variable "delete_default_internet_gateway_routes" {
  type    = bool
  default = false
}

variable "mtu" {
  type    = number
  default = 0
}

resource "google_compute_network" "network" {
  name                                      = var.network_name
  auto_create_subnetworks                   = var.auto_create_subnetworks
  routing_mode                              = var.routing_mode
  project                                   = var.project_id
  description                               = var.description
  delete_default_routes_on_create           = var.delete_default_internet_gateway_routes
  mtu                                       = var.mtu
  network_firewall_policy_enforcement_order = null
}

resource "google_compute_shared_vpc_host_project" "shared_vpc_host" {
  provider = google-beta

  count = var.shared_vpc_host ? 1 : 0

  project    = var.project_id
  depends_on = [google_compute_network.network]
}

output "network" {
  value = google_compute_network.network
}

output "network_name" {
  value = google_compute_network.network.name
}

output "network_self_link" {
  value = google_compute_network.network.self_link
}
