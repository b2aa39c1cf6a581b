#!/usr/bin/env python3
"""Random recipes against a running PixTools (issue 18): does every accepted job end COMPLETED, as `results` says?

Sends N jobs, each a random photo of --inputs with 1..4 random `outputs` (format, quality or auto level, resize with
fit and gravity, denoise, keep_metadata, lossless, effort), built to be valid (gravity only for cover with both sides,
no quality with lossless, `same` only for formats the server writes). Every accepted job must end COMPLETED, and every
result's download must have the bytes and the width x height its `results` entry claims (read by ImageMagick's
`identify`). A 4xx answer is printed with its reason and not counted as a failure (a size limit may apply); exits 1
when a job failed or a result did not match. Standard library only, plus `identify` (Debian: imagemagick).

Usage: python3 bench/recipe-fuzz.py [--server http://127.0.0.1:8000] [--inputs tests/testdata/photos] [--jobs 40] [--seed 1]
"""
import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

WRITTEN = ("jpg", "jpeg", "png", "webp", "avif")


def post(server, fields, name, data):
    boundary = "----pixtools" + uuid.uuid4().hex
    body = b""
    for key, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
    body += (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
             f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(server + "/api/process", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def random_output(index, extension):
    formats = ["jpg", "png", "webp", "avif", "webp", "jpg"] + (["same"] if extension in WRITTEN else [])
    output = {"name": f"o{index}", "format": random.choice(formats)}
    if output["format"] in ("jpg", "webp", "avif") and random.random() < 0.5:
        output["quality"] = random.choice([1, 30, 80, 100, "auto", "auto:best", "auto:eco", "auto:low"])
    if random.random() < 0.6:
        resize = {}
        if random.random() < 0.8:
            resize["width"] = random.choice([1, 17, 64, 300, 1000, 2500])
        if random.random() < 0.5:
            resize["height"] = random.choice([1, 33, 64, 400, 1500])
        if not resize:
            resize["width"] = 120
        if random.random() < 0.6:
            resize["fit"] = random.choice(["cover", "contain", "inside", "fill"])
        if resize.get("fit") == "cover" and "width" in resize and "height" in resize and random.random() < 0.6:
            resize["gravity"] = random.choice(["center", "smart", "north", "south", "east", "west"])
        output["resize"] = resize
    if random.random() < 0.15:
        output["denoise"] = random.choice([True, {"strength": "auto"}, {"strength": random.choice([0, 5, 25, 50])}])
    if random.random() < 0.3:
        output["keep_metadata"] = random.sample(["icc", "copyright", "gps"], random.randint(1, 3))
    if output["format"] in ("webp", "avif") and "quality" not in output and random.random() < 0.2:
        output["lossless"] = True
    if random.random() < 0.2:
        output["effort"] = random.randint(0, 9)
    return output


def wait(server, job_id, timeout):
    deadline = time.time() + timeout
    while True:
        with urllib.request.urlopen(f"{server}/api/jobs/{job_id}") as response:
            job = json.loads(response.read())
        if job["status"] in ("COMPLETED", "FAILED", "COMPLETED_WEBHOOK_FAILED") or time.time() > deadline:
            return job
        time.sleep(0.5)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default="http://127.0.0.1:8000")
    parser.add_argument("--inputs", default=os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "testdata", "photos"))
    parser.add_argument("--jobs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=int, default=300, help="seconds a job may take")
    args = parser.parse_args()
    if shutil.which("identify") is None:
        sys.exit("ImageMagick's identify is needed to read the results' sizes (Debian: apt-get install imagemagick)")
    random.seed(args.seed)
    files = sorted(f for f in os.listdir(args.inputs) if not f.endswith(".md"))
    accepted = refused = bad = 0
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(args.jobs):
            name = random.choice(files)
            extension = name.rsplit(".", 1)[-1].lower()
            outputs = [random_output(i, extension) for i in range(random.randint(1, 4))]
            with open(os.path.join(args.inputs, name), "rb") as f:
                status, body = post(args.server, {"outputs": json.dumps(outputs)}, name, f.read())
            if status != 202:
                refused += 1
                print(f"{name}: {status} {body.get('detail', '')[:200]}")
                continue
            accepted += 1
            job = wait(args.server, body["job_id"], args.timeout)
            if job["status"] != "COMPLETED":
                bad += 1
                print(f"FAILED {name}: {job['status']} {job.get('error_message')}\n  outputs {json.dumps(outputs)}")
                continue
            for output, result in job["results"].items():
                data = urllib.request.urlopen(result["url"]).read()
                path = os.path.join(scratch, f"{output}.{result['format']}")
                with open(path, "wb") as f:
                    f.write(data)
                size = subprocess.run(["identify", "-format", "%w %h\n", path + "[0]"], capture_output=True, text=True).stdout.split()
                if len(data) != result["bytes"] or size != [str(result["width"]), str(result["height"])]:
                    bad += 1
                    print(f"MISMATCH {name} {output}: results say {result}, the file is {len(data)} bytes, {size}\n  outputs {json.dumps(outputs)}")
    print(f"{accepted} jobs accepted, {refused} refused, {bad} failed or mismatched")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
