package vigil.gcp.project.default_network_test

import data.vigil.gcp.project.default_network as p
import rego.v1

_res(type, source, values) := {"resource": {
	"address": "x",
	"type": type,
	"name": "x",
	"mode": "managed",
	"source": source,
	"values": values,
	"references": {},
	"unknown": [],
}}

test_tf_missing if {
	results := p.deny with input as _res("google_project", "terraform", {"project_id": "acme-prod", "name": "acme-prod"})
	some r in results
	r.path == "/auto_create_network"
	r.fix == [{"op": "add", "path": "/auto_create_network", "value": false}]
}

test_tf_true if {
	results := p.deny with input as _res("google_project", "terraform", {"auto_create_network": true})
	some r in results
	r.fix == [{"op": "replace", "path": "/auto_create_network", "value": false}]
}

test_tf_false if {
	count(p.deny) == 0 with input as _res("google_project", "terraform", {"auto_create_network": false})
}

test_pulumi if {
	{r.path | some r in p.deny} == {"/autoCreateNetwork"} with input as _res("gcp:organizations/project:Project", "pulumi", {"projectId": "acme"})
	count(p.deny) == 0 with input as _res("gcp:organizations/project:Project", "pulumi", {"autoCreateNetwork": false})
}
