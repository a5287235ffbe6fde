"""The Milvus backend of the store (Milvus Lite in a file, or a Milvus server): `MilvusStore`."""

from index.milvus.store import MilvusStore, client_uri, is_milvus_uri

__all__ = ["MilvusStore", "client_uri", "is_milvus_uri"]
