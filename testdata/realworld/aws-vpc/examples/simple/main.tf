provider "aws" {
  region = "eu-central-1"
}

module "vpc" {
  source = "../.."

  name = "simple"
  cidr = "10.10.0.0/16"

  azs             = ["euc1-az1", "euc1-az2"]
  private_subnets = ["10.10.1.0/24", "10.10.2.0/24"]
  public_subnets  = ["10.10.101.0/24", "10.10.102.0/24"]

  manage_default_security_group = false

  tags = {
    Terraform   = "true"
    Environment = "dev"
  }
}

output "vpc_id" {
  value = module.vpc.vpc_id
}
