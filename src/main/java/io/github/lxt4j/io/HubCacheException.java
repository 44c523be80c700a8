package io.github.lxt4j.io;

import io.github.lxt4j.Lxt4jException;

/** A hub id that does not resolve to a snapshot in the local HF hub cache. */
public class HubCacheException extends Lxt4jException {
    public HubCacheException(String message) {
        super(message);
    }
}
