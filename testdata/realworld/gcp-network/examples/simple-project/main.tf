variable "project_id" {
  description = "The project ID to host the network in"
  type        = string
  default     = "vigil-realworld-net"
}

variable "network_name" {
  type    = string
  default = "simple-network"
}

module "test-vpc-module" {
  source = "../../"

  project_id   = var.project_id
  network_name = var.network_name
  mtu          = 1460

  subnets = [
    {
      subnet_name   = "subnet-01"
      subnet_ip     = "10.10.10.0/24"
      subnet_region = "us-west1"
    },
    {
      subnet_name           = "subnet-02"
      subnet_ip             = "10.10.20.0/24"
      subnet_region         = "us-west1"
      subnet_private_access = "true"
      subnet_flow_logs      = "true"
    },
    {
      subnet_name               = "subnet-03"
      subnet_ip                 = "10.10.30.0/24"
      subnet_region             = "us-west1"
      subnet_flow_logs          = "true"
      subnet_flow_logs_interval = "INTERVAL_10_MIN"
      subnet_flow_logs_sampling = 0.7
      subnet_flow_logs_metadata = "INCLUDE_ALL_METADATA"
      description               = "This subnet has a description"
    },
  ]

  secondary_ranges = {
    subnet-01 = [
      {
        range_name    = "subnet-01-secondary-01"
        ip_cidr_range = "192.168.64.0/24"
      },
    ]
  }

  firewall_rules = [
    {
      name        = "allow-iap-ssh"
      direction   = "INGRESS"
      description = "SSH through Identity-Aware Proxy only"
      ranges      = ["35.235.240.0/20"]
      allow = [
        {
          protocol = "tcp"
          ports    = ["22"]
        },
      ]
    },
    {
      name      = "allow-internal"
      direction = "INGRESS"
      priority  = 1000
      ranges    = ["10.10.0.0/16"]
      allow = [
        { protocol = "icmp" },
        { protocol = "tcp", ports = ["0-65535"] },
      ]
      log_config = {
        metadata = "INCLUDE_ALL_METADATA"
      }
    },
    {
      name      = "deny-egress-smtp"
      direction = "EGRESS"
      ranges    = ["0.0.0.0/0"]
      deny = [
        {
          protocol = "tcp"
          ports    = ["25"]
        },
      ]
    },
  ]
}

output "subnets_ips" {
  value = module.test-vpc-module.subnets_ips
}
