provider "aws" {
  region = "us-west-2"
}

variable "environment" {
  type    = string
  default = "staging"

  validation {
    condition     = contains(["staging", "production"], var.environment)
    error_message = "Unknown environment."
  }
}

locals {
  name          = "reporting-${var.environment}"
  is_production = var.environment == "production"
}

# A reporting database opened to analysts' laptops: public, unencrypted storage.
# These are the findings this example exists for.
module "db" {
  source = "../../"

  identifier = local.name

  engine            = "mysql"
  engine_version    = "8.0"
  family            = "mysql8.0"
  instance_class    = local.is_production ? "db.r6g.large" : "db.t4g.micro"
  allocated_storage = local.is_production ? 200 : 20

  storage_encrypted   = false
  publicly_accessible = true

  db_name                     = "reporting"
  username                    = "reporter"
  manage_master_user_password = true

  create_db_subnet_group = true
  subnet_ids             = ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"]

  skip_final_snapshot = !local.is_production

  parameters = [
    {
      name  = "character_set_client"
      value = "utf8mb4"
    },
    {
      name  = "require_secure_transport"
      value = "ON"
    },
  ]

  tags = {
    Environment = var.environment
  }
}
