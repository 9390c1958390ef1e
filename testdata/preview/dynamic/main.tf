locals {
  # A dynamic block makes one ingress block per element: ssh (22, open to the
  # internet) and https (443), in key order as Terraform iterates a map.
  ingress = {
    ssh   = { port = 22, cidrs = ["0.0.0.0/0"] }
    https = { port = 443, cidrs = ["10.0.0.0/8"] }
  }
}

resource "aws_security_group" "web" {
  name        = "web"
  description = "web servers"

  dynamic "ingress" {
    for_each = local.ingress
    content {
      description = ingress.key
      from_port   = ingress.value.port
      to_port     = ingress.value.port
      protocol    = "tcp"
      cidr_blocks = ingress.value.cidrs
    }
  }
}
