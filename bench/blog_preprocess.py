#!/usr/bin/env python3
"""The AWS blog's preprocessing of an in-network file, with Python's ijson as the blog has it.

The file's top-level scalars go to header/header.json (one object), its in_network array to
in_network/part-NNNNN.json files of 25 items and its provider_references array to
provider_references/part-NNNNN.json files of 1,000 entries, each file one JSON array on one line
(what Spark's line-based JSON reader turns into one row per element). Items and entries are
copied whole; numbers go through Python floats (ijson's use_float), as json.dumps needs.
bench/ingest's BlogChunkSplitter is the same logic on Jackson.

One pass over the file: ijson's event stream, with an ObjectBuilder per element, as
ijson.items() builds them, for both arrays at once.

    blog_preprocess.py SOURCE OUT_DIR      # prints one JSON line: counts, seconds, MiB/s of JSON

Needs ijson with its C backend (Debian: apt-get install python3-ijson, for /usr/bin/python3).
"""
import gzip
import json
import os
import sys
import time

import ijson
from ijson.common import ObjectBuilder

ITEMS_PER_FILE = 25
REFERENCES_PER_FILE = 1000
READ_BYTES = 1 << 20


class CountingReader:
    """The decoded source, counting the bytes of JSON read."""

    def __init__(self, raw):
        self.raw = raw
        self.count = 0

    def read(self, size=-1):
        data = self.raw.read(size)
        self.count += len(data)
        return data


class ArrayFiles:
    """Elements written as one JSON array per file, `per_file` elements each."""

    def __init__(self, directory, per_file):
        os.makedirs(directory, exist_ok=True)
        self.directory = directory
        self.per_file = per_file
        self.batch = []
        self.files = 0
        self.elements = 0
        self.bytes = 0

    def add(self, element):
        self.batch.append(element)
        self.elements += 1
        if len(self.batch) == self.per_file:
            self.flush()

    def flush(self):
        if not self.batch:
            return
        path = os.path.join(self.directory, "part-%05d.json" % self.files)
        line = json.dumps(self.batch, separators=(",", ":")) + "\n"
        with open(path, "w", encoding="utf-8") as out:
            out.write(line)
        self.bytes += len(line)
        self.files += 1
        self.batch = []


def split(source, out_dir):
    with open(source, "rb") as probe:
        is_gzip = probe.read(2) == b"\x1f\x8b"
    raw = gzip.open(source, "rb") if is_gzip else open(source, "rb")
    reader = CountingReader(raw)
    arrays = {
        "in_network.item": ArrayFiles(os.path.join(out_dir, "in_network"), ITEMS_PER_FILE),
        "provider_references.item": ArrayFiles(
            os.path.join(out_dir, "provider_references"), REFERENCES_PER_FILE),
    }
    header = {}
    builder = None
    building = None
    end_event = None
    with raw:
        events = ijson.parse(reader, buf_size=READ_BYTES, use_float=True)
        for prefix, event, value in events:
            if builder is not None:
                if prefix == building and event == end_event:
                    arrays[building].add(builder.value)
                    builder = None
                else:
                    builder.event(event, value)
            elif prefix in arrays:
                if event in ("start_map", "start_array"):
                    builder = ObjectBuilder()
                    builder.event(event, value)
                    building = prefix
                    end_event = event.replace("start", "end")
                else:
                    arrays[prefix].add(value)
            elif "." not in prefix and prefix and event not in (
                    "start_map", "start_array", "end_map", "end_array", "map_key"):
                header[prefix] = value
    for files in arrays.values():
        files.flush()
    os.makedirs(os.path.join(out_dir, "header"), exist_ok=True)
    with open(os.path.join(out_dir, "header", "header.json"), "w", encoding="utf-8") as out:
        out.write(json.dumps(header) + "\n")
    return reader.count, arrays


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    started = time.monotonic()
    cpu = time.process_time()
    json_bytes, arrays = split(source, out_dir)
    seconds = time.monotonic() - started
    items = arrays["in_network.item"]
    references = arrays["provider_references.item"]
    print(json.dumps({
        "backend": ijson.backend,
        "json_bytes": json_bytes,
        "in_network_items": items.elements,
        "provider_references": references.elements,
        "files": items.files + references.files,
        "bytes_written": items.bytes + references.bytes,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(time.process_time() - cpu, 2),
        "mib_per_s": round(json_bytes / (1 << 20) / seconds, 1),
    }))


if __name__ == "__main__":
    main()
