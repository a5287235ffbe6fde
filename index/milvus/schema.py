"""The Milvus collections of one index: passages, documents and the index's state.

Everything the engine needs lives in Milvus, none of it on local disk: a Milvus server has
no disk shared with the machines that search it, and two searchers must see one index.

- `passages`: one row per passage: its rowid (primary key), its generation, the filter fields
  as scalars, the citation fields, the stored NLP metadata, the e5 vector, and our analysed
  terms in three text fields (`lemmas`, `heads`, `modifiers`, the fields FTS5 sees), each
  with a BM25 function into a sparse field.
- `documents`: one row per indexed file and generation (content hash, path, report metadata).
- `state`: one row, the committed generation and what a write needs to finish (see store.py).

Milvus requires a vector field in every collection: `documents` and `state` carry a
two-dimensional placeholder that nothing searches.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymilvus import DataType, Function, FunctionType, MilvusClient

# Our terms are words already (lemmas, compound parts): the analyzer only has to split them
# as FTS5's unicode61 tokenizer does. Milvus's `standard` tokenizer splits on Unicode word
# boundaries like unicode61; Milvus Lite 3.2 knows no `whitespace` tokenizer, only `standard`
# and `jieba`, so `standard` is what runs the same on Lite and on a server.
ANALYZER = {"tokenizer": "standard", "filter": ["lowercase"]}
LEXICAL_FIELDS = ("lemmas", "heads", "modifiers")
TEXT_MAX = 65_535  # Milvus's VARCHAR limit, in bytes
PLACEHOLDER_DIM = 2


@dataclass(frozen=True, slots=True)
class Names:
    """The collection names of one index; a prefix lets several indexes share one server."""

    prefix: str = "rapportsok"

    @property
    def passages(self) -> str:
        return f"{self.prefix}_passages"

    @property
    def documents(self) -> str:
        return f"{self.prefix}_documents"

    @property
    def state(self) -> str:
        return f"{self.prefix}_state"


def sparse_field(field: str) -> str:
    return f"{field}_bm25"


def create_passages(client: MilvusClient, name: str, dim: int) -> None:
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("rowid", DataType.INT64, is_primary=True)
    schema.add_field("gen", DataType.INT64)
    schema.add_field("id", DataType.VARCHAR, max_length=128)
    schema.add_field("document_id", DataType.INT64)
    schema.add_field("file", DataType.VARCHAR, max_length=1024)
    schema.add_field("title", DataType.VARCHAR, max_length=TEXT_MAX)
    for field in ("kind", "report_type", "namnd", "namnd_lower"):
        schema.add_field(field, DataType.VARCHAR, max_length=512)
    for field in ("status", "period", "goal"):
        schema.add_field(field, DataType.VARCHAR, max_length=512, nullable=True)
    schema.add_field("deviation", DataType.BOOL)
    schema.add_field("year", DataType.INT64)  # 0: none, as in the SQLite store's filter columns
    for field in ("page", "page_approx"):
        schema.add_field(field, DataType.INT64, nullable=True)
    for field in ("line_start", "line_end"):
        schema.add_field(field, DataType.INT64)
    # Shown and stored as written; JSON-encoded fields as in the SQLite store's rows.
    # `own_lemmas`: the passage's own lemmas, as the SQLite store keeps them; `lemmas` (below) is
    # what BM25 searches, a section's heading included.
    for field in ("text", "text_hash", "goal_path", "extra", "own_lemmas", "compounds", "entities", "amounts", "dates"):
        schema.add_field(field, DataType.VARCHAR, max_length=TEXT_MAX)
    for field in LEXICAL_FIELDS:
        schema.add_field(field, DataType.VARCHAR, max_length=TEXT_MAX, enable_analyzer=True, analyzer_params=ANALYZER)
        schema.add_field(sparse_field(field), DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(
            Function(
                name=f"{field}_bm25_fn",
                function_type=FunctionType.BM25,
                input_field_names=[field],
                output_field_names=[sparse_field(field)],
            )
        )
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    index = client.prepare_index_params()
    for field in LEXICAL_FIELDS:
        index.add_index(sparse_field(field), index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    # FLAT: exact, as the SQLite store is below 50,000 passages. A server at scale would take
    # HNSW or IVF here (docs/scaling.md); the schema does not change.
    index.add_index("vector", index_type="FLAT", metric_type="IP")
    for field in ("gen", "file", "kind", "namnd_lower", "year"):
        index.add_index(field, index_type="INVERTED")
    client.create_collection(name, schema=schema, index_params=index, consistency_level="Strong")


def create_documents(client: MilvusClient, name: str) -> None:
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=1100)  # "generation:file"
    schema.add_field("gen", DataType.INT64)
    schema.add_field("id", DataType.INT64)
    schema.add_field("file", DataType.VARCHAR, max_length=1024)
    schema.add_field("path", DataType.VARCHAR, max_length=4096)
    schema.add_field("sha256", DataType.VARCHAR, max_length=64)
    schema.add_field("size", DataType.INT64)
    schema.add_field("namnd", DataType.VARCHAR, max_length=512)
    schema.add_field("report_type", DataType.VARCHAR, max_length=128)
    schema.add_field("year", DataType.INT64, nullable=True)
    schema.add_field("period", DataType.VARCHAR, max_length=128, nullable=True)
    schema.add_field("title", DataType.VARCHAR, max_length=TEXT_MAX)
    schema.add_field("dnr", DataType.VARCHAR, max_length=512, nullable=True)
    schema.add_field("line_count", DataType.INT64)
    schema.add_field("warnings", DataType.VARCHAR, max_length=TEXT_MAX)
    schema.add_field("indexed_at", DataType.DOUBLE)
    schema.add_field("chunks", DataType.INT64)
    schema.add_field("placeholder", DataType.FLOAT_VECTOR, dim=PLACEHOLDER_DIM)
    index = client.prepare_index_params()
    index.add_index("placeholder", index_type="FLAT", metric_type="L2")
    client.create_collection(name, schema=schema, index_params=index, consistency_level="Strong")


def create_state(client: MilvusClient, name: str) -> None:
    schema = client.create_schema(auto_id=False, enable_dynamic_field=False)
    schema.add_field("key", DataType.VARCHAR, is_primary=True, max_length=64)
    schema.add_field("value", DataType.VARCHAR, max_length=TEXT_MAX)  # JSON
    schema.add_field("placeholder", DataType.FLOAT_VECTOR, dim=PLACEHOLDER_DIM)
    index = client.prepare_index_params()
    index.add_index("placeholder", index_type="FLAT", metric_type="L2")
    client.create_collection(name, schema=schema, index_params=index, consistency_level="Strong")
