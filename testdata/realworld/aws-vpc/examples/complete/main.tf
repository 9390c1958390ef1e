provider "aws" {
  region = local.region
}

locals {
  name     = "ex-${basename(path.cwd)}"
  region   = "eu-west-1"
  vpc_cidr = "10.0.0.0/16"
  azs      = ["${local.region}a", "${local.region}b", "${local.region}c"]

  tags = {
    Example    = local.name
    GithubRepo = "vigil-realworld"
  }
}

module "vpc" {
  source = "../../"

  name = local.name
  cidr = local.vpc_cidr
  azs  = local.azs

  private_subnets  = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 4, k)]
  public_subnets   = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 48)]
  database_subnets = [for k, v in local.azs : cidrsubnet(local.vpc_cidr, 8, k + 52)]

  public_subnet_names = ["public-a", "public-b"]

  create_database_subnet_group = true
  enable_nat_gateway           = true
  single_nat_gateway           = true

  default_security_group_ingress = [
    {
      description = "HTTPS inside the VPC"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_blocks = local.vpc_cidr
    },
  ]
  default_security_group_egress = [
    {
      cidr_blocks = "0.0.0.0/0"
    },
  ]

  enable_flow_log = true
  flow_log = {
    destination_arn = "arn:aws:s3:::${local.name}-flow-logs"
    traffic_type    = "REJECT"
  }

  tags = local.tags
}

module "vpc_endpoints" {
  source = "../../modules/vpc-endpoints"

  vpc_id                = module.vpc.vpc_id
  create_security_group = true
  security_group_rules = {
    ingress_https = {
      description = "HTTPS from the VPC"
      cidr_blocks = [module.vpc.vpc_cidr_block]
    }
  }

  endpoints = {
    s3 = {
      service         = "s3"
      service_type    = "Gateway"
      route_table_ids = module.vpc.private_route_table_ids
      tags            = { Name = "s3-vpc-endpoint" }
    }
    ecr_api = {
      service    = "ecr.api"
      subnet_ids = module.vpc.private_subnets
      policy     = data.aws_iam_policy_document.generic_endpoint_policy.json
    }
    kinesis = {
      service = "kinesis-streams"
      create  = false
    }
  }

  tags = merge(local.tags, { Endpoint = "true" })
}

module "vpc_disabled" {
  source = "../../"

  create_vpc = false
}

data "aws_iam_policy_document" "generic_endpoint_policy" {
  statement {
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringNotEquals"
      variable = "aws:SourceVpc"
      values   = [module.vpc.vpc_id]
    }
  }
}

# A bastion reachable over SSH from anywhere: the finding this example exists for.
resource "aws_security_group" "bastion" {
  name_prefix = "${local.name}-bastion-"
  description = "SSH to the bastion host"
  vpc_id      = module.vpc.vpc_id

  ingress {
    description = "SSH from anywhere"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = local.tags
}
