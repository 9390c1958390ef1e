variable "project_id" {
  type    = string
  default = "vigil-realworld-data"
}

variable "region" {
  type    = string
  default = "europe-west1"
}

variable "bucket_names" {
  type    = list(string)
  default = ["exports", "public-assets"]
}

locals {
  public_buckets = toset(["public-assets"])

  authorized_networks = [
    {
      name  = "office"
      value = "198.51.100.0/24"
    },
    {
      name  = "anywhere"
      value = "0.0.0.0/0"
    },
  ]
}

# Network with an SSH rule open to the internet, a Cloud SQL instance that
# authorizes 0.0.0.0/0 and a bucket readable by allUsers without uniform access:
# the findings this example exists for.
module "network" {
  source = "../.."

  project_id   = var.project_id
  network_name = "data-network"

  subnets = [
    {
      subnet_name   = "data"
      subnet_ip     = "10.50.0.0/20"
      subnet_region = var.region
    },
  ]

  firewall_rules = [
    {
      name      = "allow-ssh-anywhere"
      direction = "INGRESS"
      ranges    = ["0.0.0.0/0"]
      allow = [
        {
          protocol = "tcp"
          ports    = ["22"]
        },
      ]
      target_tags = ["bastion"]
    },
  ]
}

resource "google_storage_bucket" "this" {
  for_each = toset(var.bucket_names)

  name          = "${var.project_id}-${each.value}"
  project       = var.project_id
  location      = upper(var.region)
  storage_class = "STANDARD"
  force_destroy = false

  uniform_bucket_level_access = !contains(local.public_buckets, each.key)
  public_access_prevention    = contains(local.public_buckets, each.key) ? "inherited" : "enforced"

  versioning {
    enabled = true
  }

  dynamic "lifecycle_rule" {
    for_each = each.key == "exports" ? [30] : []

    content {
      action {
        type = "Delete"
      }
      condition {
        age = lifecycle_rule.value
      }
    }
  }

  labels = {
    bucket = each.key
  }
}

resource "google_storage_bucket_iam_member" "public_read" {
  for_each = local.public_buckets

  bucket = google_storage_bucket.this[each.key].name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_sql_database_instance" "reporting" {
  name                = "reporting-${var.region}"
  project             = var.project_id
  region              = var.region
  database_version    = "POSTGRES_15"
  deletion_protection = true

  settings {
    tier              = "db-custom-2-7680"
    availability_type = "ZONAL"

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY"

      dynamic "authorized_networks" {
        for_each = local.authorized_networks
        iterator = network

        content {
          name  = network.value.name
          value = network.value.value
        }
      }
    }

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
    }
  }
}
