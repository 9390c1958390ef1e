provider "aws" {
  region = "eu-north-1"
}

variable "cluster_name" {
  type    = string
  default = "private"
}

variable "private_subnet_ids" {
  type    = list(string)
  default = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
}

variable "vpc_id" {
  type    = string
  default = "vpc-0a0b0c0d0e0f01234"
}

module "eks" {
  source = "../.."

  cluster_name    = var.cluster_name
  cluster_version = "1.31"

  cluster_endpoint_public_access  = false
  cluster_endpoint_private_access = true

  vpc_id     = var.vpc_id
  subnet_ids = var.private_subnet_ids

  eks_managed_node_groups = {
    system = {
      instance_types = ["m6g.large"]
      ami_type       = "AL2023_ARM_64_STANDARD"

      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size = 50
            volume_type = "gp3"
            encrypted   = true
          }
        }
      }
    }
  }
}

module "eks_disabled" {
  source = "../.."

  create = false
}

output "cluster_endpoint" {
  value = module.eks.cluster_endpoint
}
