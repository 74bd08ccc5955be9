#!/usr/bin/env python3
"""CRUD walk through Specter's Phantom API with the original client's conventions.

Bodies go out as data=json.dumps(...) with no Content-Type, auth is (user_id, token) basic auth,
exactly as nimbusproject/PhantomWebApp's example scripts and tutorial do. Exits non-zero on the
first surprise.

Environment: PHANTOM_URL (e.g. http://127.0.0.1:8080/api/dev), USERNAME, PASSWORD.
"""
import json
import os
import sys

import requests

api = os.environ["PHANTOM_URL"]


def expect(response, status, what):
    if response.status_code != status:
        sys.exit("%s: expected %d, got %d: %s" % (what, status, response.status_code, response.text))
    return response


# token: the form login of the original web app
r = expect(requests.post("%s/token" % api, data={"username": os.environ["USERNAME"],
                                                 "password": os.environ["PASSWORD"]}), 200, "token")
user_id, token = r.json()["user"], r.json()["token"]
assert isinstance(user_id, int), user_id
auth = (str(user_id), token)
r = expect(requests.get("%s/token/%s/%s.json" % (api, token, user_id)), 200, "token check")
assert r.json()["success"] is True

# launch configuration
lc = {"name": "my_launch_config", "cloud_params": {}}
for rank, cloud in enumerate(["hotel", "sierra"], start=1):
    lc["cloud_params"][cloud] = {"image_id": "hello-phantom.gz", "instance_type": "m1.small",
                                 "max_vms": 4, "common": True, "rank": rank}
r = expect(requests.post("%s/launchconfigurations" % api, data=json.dumps(lc), auth=auth), 201, "create LC")
lc_id = r.json()["id"]
names = [x.get("name") for x in requests.get("%s/launchconfigurations" % api, auth=auth).json()]
assert names == ["my_launch_config"], names
# creating it again answers 302 to the existing one; requests follows it and sees 200
r = requests.post("%s/launchconfigurations" % api, data=json.dumps(lc), auth=auth)
assert r.status_code == 200 and r.json()["id"] == lc_id, (r.status_code, r.text)
assert r.history and r.history[0].status_code == 302

# domain
new_domain = {"name": "my_domain", "de_name": "multicloud", "lc_name": "my_launch_config", "vm_count": 0}
r = expect(requests.post("%s/domains" % api, data=json.dumps(new_domain), auth=auth), 201, "create domain")
domain_id = r.json()["id"]

domains = expect(requests.get("%s/domains" % api, auth=auth), 200, "list domains").json()
domain = [d for d in domains if d.get("name") == "my_domain"][0]
assert domain["id"] == domain_id and domain["vm_count"] == 0, domain

r = expect(requests.get("%s/domains/%s" % (api, domain_id), auth=auth), 200, "get domain")
assert r.json()["lc_name"] == "my_launch_config"

# the tutorial's policy loop: change vm_count on the listed object and PUT it back whole
for vm_count in (1, 2, 3, 4):
    domain["vm_count"] = vm_count
    r = expect(requests.put("%s/domains/%s" % (api, domain_id), data=json.dumps(domain), auth=auth), 200, "put")
    assert r.json()["vm_count"] == vm_count, r.text
r = requests.get("%s/domains/%s" % (api, domain_id), auth=auth)
assert r.json()["vm_count"] == 4, r.text

r = expect(requests.get("%s/domains/%s/instances" % (api, domain_id), auth=auth), 200, "instances")
assert isinstance(r.json(), list)

# errors the original answered badly
r = requests.post("%s/domains" % api, data=json.dumps({"de_name": "multicloud"}), auth=auth)
assert r.status_code == 400 and r.json()["field"] == "name", r.text
r = requests.get("%s/domains" % api, auth=(str(user_id), "x" * 24))
assert r.status_code == 403, r.status_code

expect(requests.delete("%s/domains/%s" % (api, domain_id), auth=auth), 204, "delete domain")
assert requests.get("%s/domains" % api, auth=auth).json() == []
expect(requests.delete("%s/launchconfigurations/%s" % (api, lc_id), auth=auth), 204, "delete LC")
print("phantom client CRUD: OK")
