"""Schema migrations of the workshop store, applied by `kit.store.open_store` on every open."""
