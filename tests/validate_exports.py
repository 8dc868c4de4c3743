#!/usr/bin/env python3
"""Validates jikenbo's exports against the official schemas in ../shared/schemas (read from
there, never copied): STIX 2.1 (every object against its own schema), MISP (PyMISP's event schema
and its category/type matrix), VERIS 1.4.0 (the merged schema, plus VERIS's consistency rules)
and 1.3.7 (all but its cap on the year).

usage: validate_exports.py SCHEMAS_DIR KIND:PATH ...
  KIND: stix (a bundle), misp (a JSON array of {"Event": ...} or one such object),
        misp-feed (a directory: manifest.json, <uuid>.json, hashes.csv), veris (a JSON array)
Prints one line per file and every error; exits 1 when any file fails.
"""
import hashlib
import json
import os
import sys
import warnings

import jsonschema

warnings.filterwarnings("ignore", category=DeprecationWarning)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Stix:
    def __init__(self, root):
        self.store = {}
        base = os.path.join(root, "stix2.1", "schemas")
        self.schemas = {}
        for folder, _, files in os.walk(base):
            for name in files:
                if not name.endswith(".json"):
                    continue
                schema = load(os.path.join(folder, name))
                self.store[schema["$id"]] = schema
                self.schemas[(os.path.basename(folder), name[:-5])] = schema

    def validator(self, schema):
        cls = jsonschema.validators.validator_for(schema)
        resolver = jsonschema.RefResolver(schema["$id"], schema, store=self.store)
        return cls(schema, resolver=resolver, format_checker=cls.FORMAT_CHECKER)

    def check(self, bundle):
        # The bundle's own properties against its schema (its objects are checked one by one
        # below against their own schemas: the bundle schema's any-object union refers to a
        # marking definition the 2020-12 resolver cannot reach).
        shell = {k: v for k, v in bundle.items() if k != "objects"}
        errors = [e.message for e in self.validator(self.schemas[("common", "bundle")])
                  .iter_errors(shell)]
        ids = set()
        for o in bundle.get("objects", []):
            ids.add(o.get("id"))
            kind = o.get("type")
            schema = (self.schemas.get(("sdos", kind)) or self.schemas.get(("sros", kind)) or
                      self.schemas.get(("observables", kind)))
            if schema is None:
                errors.append(f"{o.get('id')}: no schema for type {kind}")
                continue
            for e in self.validator(schema).iter_errors(o):
                errors.append(f"{o.get('id')}: {e.message}")
        for o in bundle.get("objects", []):
            for ref in o.get("object_refs", []) + [o.get(k) for k in ("source_ref", "target_ref")
                                                   if k in o]:
                if ref not in ids and not ref.startswith("identity--"):
                    errors.append(f"{o['id']}: reference {ref} not in the bundle")
        if "objects" in bundle and not bundle["objects"]:
            errors.append("empty objects array")
        return errors, len(bundle.get("objects", []))


class Misp:
    def __init__(self, root):
        self.schema = load(os.path.join(root, "misp", "pymisp-schema.json"))
        types = load(os.path.join(root, "misp", "pymisp-describeTypes.json"))["result"]
        self.mappings = types["category_type_mappings"]
        cls = jsonschema.validators.validator_for(self.schema)
        self.validator = cls(self.schema)

    def check_event(self, wrapper):
        errors = [e.message for e in self.validator.iter_errors(wrapper)]
        event = wrapper.get("Event", {})
        for key in ("uuid", "info", "date", "timestamp"):
            if key not in event:
                errors.append(f"event without {key}")
        for a in event.get("Attribute", []):
            if a.get("type") not in self.mappings.get(a.get("category"), []):
                errors.append(f"type {a.get('type')} not allowed in category {a.get('category')}")
            if "timestamp" not in a:
                errors.append(f"attribute {a.get('value')} without timestamp")
        return errors

    def check(self, data):
        events = data if isinstance(data, list) else [data]
        errors = []
        for e in events:
            errors += self.check_event(e)
        return errors, len(events)

    def check_feed(self, folder):
        manifest = load(os.path.join(folder, "manifest.json"))
        errors, attributes = [], {}
        for uuid in manifest:
            path = os.path.join(folder, uuid + ".json")
            if not os.path.exists(path):
                errors.append(f"{uuid}.json missing")
                continue
            event = load(path)
            errors += self.check_event(event)
            if event["Event"]["uuid"] != uuid:
                errors.append(f"{uuid}.json holds event {event['Event']['uuid']}")
            for a in event["Event"].get("Attribute", []):
                digest = hashlib.md5(a["value"].encode("utf-8")).hexdigest()
                attributes[(digest, uuid)] = attributes.get((digest, uuid), 0) + 1
        with open(os.path.join(folder, "hashes.csv"), encoding="utf-8") as f:
            for line in f:
                key = tuple(line.strip().split(","))
                if attributes.get(key, 0) <= 0:
                    errors.append(f"hashes.csv line {line.strip()} matches no attribute")
                else:
                    attributes[key] -= 1
        missing = sum(attributes.values())
        if missing:
            errors.append(f"{missing} attributes missing from hashes.csv")
        return errors, len(manifest)


class Veris:
    def __init__(self, root):
        self.schema = load(os.path.join(root, "veris", "verisc-merged-1.4.0-master.json"))
        cls = jsonschema.validators.validator_for(self.schema)
        self.validator = cls(self.schema)
        # The 1.3.7 schema too, but for its cap on the year (2022), which every later incident
        # exceeds: the reason 1.4.0 is what jikenbo writes.
        old = load(os.path.join(root, "veris", "verisc-merged.json"))
        self.validator_137 = jsonschema.validators.validator_for(old)(old)

    def errors_137(self, i):
        return [e for e in self.validator_137.iter_errors(i)
                if not (e.validator == "maximum" and list(e.path)[-1:] == ["year"])]

    @staticmethod
    def consistency(i):
        """VERIS's own rules beyond the schema (as its checkValidity.py states them)."""
        errors = []
        action, attribute = i.get("action", {}), i.get("attribute", {})

        def varieties(section, name):
            return section.get(name, {}).get("variety", [])
        if "malware" in action and "Software installation" not in varieties(attribute,
                                                                             "integrity"):
            errors.append("malware without Software installation")
        if "social" in action and "Alter behavior" not in varieties(attribute, "integrity"):
            errors.append("social without Alter behavior")
        if "SQLi" in varieties(action, "hacking") and "Repurpose" not in varieties(attribute,
                                                                                    "integrity"):
            errors.append("SQLi without Repurpose")
        if (("Theft" in varieties(action, "physical") or "Loss" in varieties(action, "error")) and
                "Loss" not in varieties(attribute, "availability")):
            errors.append("theft or loss without availability Loss")
        if i.get("security_incident") == "Confirmed" and not attribute:
            errors.append("confirmed without attribute")
        if i.get("schema_version") != "1.4.0":
            errors.append(f"schema_version {i.get('schema_version')}")
        return errors

    def check(self, incidents):
        errors = []
        for i in incidents:
            errors += [f"{i.get('incident_id')}: {e.message}"
                       for e in self.validator.iter_errors(i)]
            errors += [f"{i.get('incident_id')}: {e}" for e in self.consistency(i)]
            errors += [f"{i.get('incident_id')}: 1.3.7: {e.message}" for e in self.errors_137(i)]
        return errors, len(incidents)


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    root = sys.argv[1]
    stix, misp, veris = Stix(root), Misp(root), Veris(root)
    failed = False
    for arg in sys.argv[2:]:
        kind, path = arg.split(":", 1)
        if kind == "misp-feed":
            errors, n = misp.check_feed(path)
        else:
            data = load(path)
            errors, n = {"stix": stix.check, "misp": misp.check, "veris": veris.check}[kind](data)
        status = "ok" if not errors else f"{len(errors)} errors"
        print(f"{kind:9} {path}: {n} objects, {status}")
        for e in errors[:20]:
            print(f"    {e[:300]}")
        failed |= bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
