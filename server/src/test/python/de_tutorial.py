#!/usr/bin/env python3
"""Python 3 port of Phantom's tutorial decision engine (../shared/seed, de_tutorial.py).

The requests are exactly the tutorial's: requests.get/post/put with data=json.dumps(...) and no
Content-Type, auth=(user_id, token). What differs: print() is a function, the sleeps are multiplied
by SLEEP_SCALE (default 1, the tutorial's real 10 s / 60 s), and with CHECK=1 it waits after each
PUT until the domain has vm_count live instances and asserts where they run.

Environment: USER_ID, TOKEN, PHANTOM_URL; optional SLEEP_SCALE, CHECK, MAX_VMS, LC_NAME, DOMAIN_NAME,
EXPECT (site:count,... expected when 4 VMs run, e.g. "hotel:4" or "hotel:2,sierra:2").
"""
import json
import os
import sys
import time

import requests

SCALE = float(os.environ.get("SLEEP_SCALE", "1"))
CHECK = os.environ.get("CHECK") == "1"


def pause(seconds):
    time.sleep(seconds * SCALE)


class MyPhantomDecisionEngine(object):

    def __init__(self):

        self.user_id = os.environ['USER_ID']
        self.token = os.environ['TOKEN']
        self.api_url = os.environ.get('PHANTOM_URL', "https://phantom.nimbusproject.org/api/dev")

        self.domain_name = os.environ.get("DOMAIN_NAME", "my_domain")
        self.launch_config_name = os.environ.get("LC_NAME", "my_launch_config")
        self.vm_image = "hello-phantom.gz"
        self.max_vms = int(os.environ.get("MAX_VMS", "4"))
        self.key_name = "phantomkey"
        self.image_type = "m1.small"
        self.clouds = ["hotel", "sierra"]

        self.create_launch_configuration()
        self.create_domain()
        self.run_policy()

    def create_launch_configuration(self):

        # Get a list of existing launch configurations
        r = requests.get("%s/launchconfigurations" % self.api_url, auth=(self.user_id, self.token))
        existing_launch_configurations = r.json()
        existing_lc_names = [lc.get('name') for lc in existing_launch_configurations]

        # Create launch configuration if it doesn't exist
        if self.launch_config_name not in existing_lc_names:

            print("Creating launch config '%s'" % self.launch_config_name)
            new_lc = {
                'name': self.launch_config_name,
                'cloud_params': {}
            }

            rank = 0
            for cloud in self.clouds:
                rank = rank + 1
                cloud_param = {
                    'image_id': self.vm_image,
                    'instance_type': self.image_type,
                    'max_vms': self.max_vms,
                    'common': True,
                    'rank': rank,
                }
                new_lc['cloud_params'][cloud] = cloud_param

            r = requests.post("%s/launchconfigurations" % self.api_url,
                data=json.dumps(new_lc), auth=(self.user_id, self.token))

        else:
            print("Launch config '%s' has already been added, skipping..." % (
                self.launch_config_name,))

    def create_domain(self):

        # Check if domain already exists
        r = requests.get("%s/domains" % self.api_url, auth=(self.user_id, self.token))
        existing_domains = r.json()

        domain_exists = False
        domain_id = None
        for domain in existing_domains:
            if domain.get('name') == self.domain_name:
                domain_exists = True
                domain_id = domain.get('id')
                break

        # Create our domain
        print("Creating domain %s" % self.domain_name)
        new_domain = {
            'name': self.domain_name,
            'de_name': 'multicloud',
            'lc_name': self.launch_config_name,
            'vm_count': 0
        }

        if domain_exists:
            r = requests.put("%s/domains/%s" % (self.api_url, domain_id),
                data=json.dumps(new_domain), auth=(self.user_id, self.token))
            if r.status_code != 200:
                sys.exit("Error: %s" % r.text)
        else:
            r = requests.post("%s/domains" % self.api_url,
                data=json.dumps(new_domain), auth=(self.user_id, self.token))
            if r.status_code != 201:
                sys.exit("Error: %s" % r.text)

    def run_policy(self):

        r = requests.get("%s/domains" % self.api_url, auth=(self.user_id, self.token))
        existing_domains = r.json()
        domain = None
        for _domain in existing_domains:
            if _domain.get('name') == self.domain_name:
                domain = _domain
                break
        else:
            raise SystemExit("Couldn't get domain %s" % self.domain_name)

        vm_count = 0
        for _ in range(4):
            vm_count += 1
            print("set %s vm_count to %s" % (self.domain_name, vm_count))
            domain['vm_count'] = vm_count
            r = requests.put("%s/domains/%s" % (self.api_url, domain.get('id')),
                    data=json.dumps(domain), auth=(self.user_id, self.token))
            self.check(r, domain.get('id'), vm_count)
            pause(10)

        print("let domain settle for 60s")
        pause(60)
        if CHECK:
            self.expect_placement(domain.get('id'))

        vm_count = 0
        domain['vm_count'] = vm_count
        r = requests.put("%s/domains/%s" % (self.api_url, domain.get('id')),
                data=json.dumps(domain), auth=(self.user_id, self.token))
        print("set %s vm_count back to %s" % (self.domain_name, vm_count))
        self.check(r, domain.get('id'), vm_count)

    # ---- checks added by the port (CHECK=1); the tutorial itself only prints ----

    def instances(self, domain_id):
        r = requests.get("%s/domains/%s/instances" % (self.api_url, domain_id), auth=(self.user_id, self.token))
        assert r.status_code == 200, r.text
        return r.json()

    def check(self, reply, domain_id, vm_count):
        if not CHECK:
            return
        assert reply.status_code == 200, reply.text
        assert reply.json()["vm_count"] == vm_count, reply.text
        deadline = time.time() + 30
        while time.time() < deadline:
            insts = self.instances(domain_id)
            live = [i for i in insts if not i["lifecycle_state"].startswith(("800", "900", "950"))]
            running = [i for i in live if i["lifecycle_state"] == "600-RUNNING"]
            if len(live) == vm_count and len(running) == vm_count:
                states = sorted("%s@%s" % (i["lifecycle_state"], i["cloud"]) for i in running)
                print("  %d live: %s" % (vm_count, ", ".join(states) or "none"))
                return
            time.sleep(0.1)
        sys.exit("domain did not reach %d running instances: %s" % (vm_count, json.dumps(self.instances(domain_id))))

    def expect_placement(self, domain_id):
        expected = dict((kv.split(":")[0], int(kv.split(":")[1]))
                        for kv in os.environ.get("EXPECT", "hotel:4").split(","))
        got = {}
        for i in self.instances(domain_id):
            if i["lifecycle_state"] == "600-RUNNING":
                site = i["cloud"].split("/")[-1]
                got[site] = got.get(site, 0) + 1
        assert got == expected, "expected %s, got %s" % (expected, got)
        print("  placement %s as expected" % got)


MyPhantomDecisionEngine()
