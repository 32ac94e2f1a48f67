"""The S3 backend (AWS S3 or any S3-compatible store) through boto3.

A PUT is atomic in S3: a reader sees the old object or the new one, never part of one, and
a writer killed mid-request leaves nothing. Objects are written with one PutObject, never
multipart, so there are no parts to leave behind either; `sweep_temporary` still aborts
stale multipart uploads under the prefix, should another tool have started one.
"""

from __future__ import annotations

import io
import mimetypes
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from botocore.exceptions import ClientError

from audit.storage.base import StoredObject, check_key, check_prefix

_MISSING = {"404", "NoSuchKey", "NotFound"}
_BATCH = 1000  # DeleteObjects takes at most 1000 keys a call


class _Body(io.RawIOBase):
    """An object's streamed body as a raw binary file (closing it frees the connection)."""

    def __init__(self, body: Any) -> None:
        self._body = body

    def readable(self) -> bool:
        """Yes."""
        return True

    def readinto(self, buffer) -> int:
        """Fill `buffer` from the stream; 0 at the end."""
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Release the HTTP connection."""
        if not self.closed:
            self._body.close()
        super().close()


class ObjectStream(io.BufferedReader):
    """A stored object opened for reading, with its `size` (from the GetObject answer)."""

    def __init__(self, body: Any, size: int) -> None:
        super().__init__(_Body(body))
        self.size = size


class S3Storage:
    """Objects in `bucket` under `prefix` (for example 'audit/photos/')."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, check_prefix(prefix)

    def put(self, key: str, data: bytes) -> None:
        """One PutObject: atomic, so a killed write never leaves part of an object."""
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=_content_type(key)
        )

    def open(self, key: str) -> BinaryIO:
        """Stream the object (GetObject); FileNotFoundError when missing."""
        answer = self._call("get_object", key)
        return ObjectStream(answer["Body"], answer["ContentLength"])

    def read(self, key: str) -> bytes:
        """The object's bytes; FileNotFoundError when missing."""
        body = self._call("get_object", key)["Body"]
        try:
            return body.read()
        finally:
            body.close()

    def stat(self, key: str) -> StoredObject | None:
        """HeadObject: size, LastModified and ETag; None when missing."""
        try:
            head = self._call("head_object", key)
        except FileNotFoundError:
            return None
        return StoredObject(
            key=key,
            size=head["ContentLength"],
            modified=head["LastModified"].timestamp(),
            version=head["ETag"],
        )

    def exists(self, key: str) -> bool:
        """HeadObject answers."""
        return self.stat(key) is not None

    def copy(self, source: str, key: str) -> None:
        """A server-side CopyObject: the bytes are not sent again."""
        try:
            self.client.copy_object(
                Bucket=self.bucket,
                Key=self._name(key),
                CopySource={"Bucket": self.bucket, "Key": self._name(source)},
            )
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(f"no stored object {source!r}") from error
            raise

    def touch(self, key: str) -> None:
        """Copy the object onto itself with fresh metadata, which renews LastModified."""
        try:
            self.client.copy_object(
                Bucket=self.bucket,
                Key=self._name(key),
                CopySource={"Bucket": self.bucket, "Key": self._name(key)},
                MetadataDirective="REPLACE",
                Metadata={"used": f"{time.time():.3f}"},
                ContentType=_content_type(key),
            )
        except ClientError as error:
            if not _missing(error):
                raise

    def delete(self, key: str) -> None:
        """DeleteObject (S3 answers the same whether it was there or not)."""
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def delete_prefix(self, prefix: str) -> None:
        """List the objects under `prefix`, then DeleteObjects them in batches."""
        if not check_prefix(prefix):
            raise ValueError("refusing to delete the whole storage")
        names = [self._name(entry.key) for entry in self.list(prefix)]
        for start in range(0, len(names), _BATCH):
            batch = names[start : start + _BATCH]
            answer = self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": name} for name in batch], "Quiet": True},
            )
            if answer.get("Errors"):
                raise OSError(f"could not delete {answer['Errors'][0].get('Key')}")

    def list(self, prefix: str = "") -> Iterator[StoredObject]:
        """ListObjectsV2, page by page."""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + check_prefix(prefix)
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield StoredObject(
                    key=item["Key"][len(self.prefix) :],
                    size=item["Size"],
                    modified=item["LastModified"].timestamp(),
                    version=item["ETag"],
                )

    def sweep_temporary(self, older_than: float) -> int:
        """Abort multipart uploads under the prefix started more than `older_than` ago."""
        cutoff, aborted = time.time() - older_than, 0
        pages = self.client.get_paginator("list_multipart_uploads").paginate(
            Bucket=self.bucket, Prefix=self.prefix
        )
        for page in pages:
            for upload in page.get("Uploads", ()):
                if upload["Initiated"].timestamp() < cutoff:
                    self.client.abort_multipart_upload(
                        Bucket=self.bucket, Key=upload["Key"], UploadId=upload["UploadId"]
                    )
                    aborted += 1
        return aborted

    def local_path(self, key: str) -> Path | None:
        """None: objects are not files here."""
        check_key(key)
        return None

    def _name(self, key: str) -> str:
        return self.prefix + check_key(key)

    def _call(self, operation: str, key: str) -> dict:
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, Key=self._name(key))
        except ClientError as error:
            if _missing(error):  # the local folder's error, so callers handle one
                raise FileNotFoundError(f"no stored object {key!r}") from error
            raise


def _missing(error: ClientError) -> bool:
    """Whether S3 answered that the object (or the copy's source) is not there."""
    return str(error.response.get("Error", {}).get("Code")) in _MISSING


def _content_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"
