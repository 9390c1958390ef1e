provider "aws" {
  region = local.region
}

locals {
  name            = "ex-eks-mng"
  cluster_version = "1.31"
  region          = "eu-west-1"

  vpc_cidr = "10.0.0.0/16"
  azs      = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]

  tags = {
    Example    = local.name
    GithubRepo = "vigil-realworld"
  }
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "~> 5.0"

  name = local.name
  cidr = local.vpc_cidr

  azs             = local.azs
  private_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 4, k)]
  public_subnets  = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 48)]
  intra_subnets   = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 52)]

  enable_nat_gateway = true
  single_nat_gateway = true

  tags = local.tags
}

# The API endpoint is public and open to every address (the CIDR list keeps its
# 0.0.0.0/0 default), and one node group's data volume is unencrypted:
# the findings this example exists for.
module "eks" {
  source = "../.."

  cluster_name    = local.name
  cluster_version = local.cluster_version

  cluster_endpoint_public_access = true

  vpc_id                   = module.vpc.vpc_id
  subnet_ids               = module.vpc.private_subnets
  control_plane_subnet_ids = module.vpc.intra_subnets

  cluster_security_group_additional_rules = {
    ingress_admin_https = {
      description = "Admin network to the API"
      protocol    = "tcp"
      from_port   = 443
      to_port     = 443
      type        = "ingress"
      cidr_blocks = ["10.99.0.0/16"]
    }
  }

  eks_managed_node_group_defaults = {
    ami_type       = "AL2023_x86_64_STANDARD"
    instance_types = ["m6i.large", "m5.large"]
  }

  eks_managed_node_groups = {
    default = {
      min_size     = 1
      max_size     = 5
      desired_size = 2
    }

    complete = {
      name            = "complete-eks-mng"
      use_name_prefix = true

      min_size     = 1
      max_size     = 7
      desired_size = 1

      capacity_type = "SPOT"
      labels = {
        GithubRepo = "vigil-realworld"
      }

      taints = {
        dedicated = {
          key    = "dedicated"
          value  = "gpuGroup"
          effect = "NO_SCHEDULE"
        }
      }

      block_device_mappings = {
        xvda = {
          device_name = "/dev/xvda"
          ebs = {
            volume_size           = 75
            volume_type           = "gp3"
            encrypted             = false
            delete_on_termination = true
          }
        }
      }

      tags = {
        ExtraTag = "EKS managed node group complete example"
      }
    }

    disabled = {
      create = false
    }
  }

  tags = local.tags
}
