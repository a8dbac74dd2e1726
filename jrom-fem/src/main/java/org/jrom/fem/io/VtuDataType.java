package org.jrom.fem.io;

import java.nio.ByteBuffer;

/** The scalar types of VTK XML data arrays (the {@code type} attribute of a DataArray). */
enum VtuDataType {
    INT8("Int8", 1, true),
    UINT8("UInt8", 1, true),
    INT16("Int16", 2, true),
    UINT16("UInt16", 2, true),
    INT32("Int32", 4, true),
    UINT32("UInt32", 4, true),
    INT64("Int64", 8, true),
    UINT64("UInt64", 8, true),
    FLOAT32("Float32", 4, false),
    FLOAT64("Float64", 8, false);

    final String xmlName;
    final int size;
    final boolean integer;

    VtuDataType(String xmlName, int size, boolean integer) {
        this.xmlName = xmlName;
        this.size = size;
        this.integer = integer;
    }

    /** The type of a {@code type} attribute, or null if VTK has no such numeric type. */
    static VtuDataType parse(String xmlName) {
        for (VtuDataType t : values()) {
            if (t.xmlName.equals(xmlName)) {
                return t;
            }
        }
        return null;
    }

    /** Element i of a buffer of this type, exactly (UInt64 above 2^63 wraps negative). */
    long integerAt(ByteBuffer b, int i) {
        int p = i * size;
        return switch (this) {
            case INT8 -> b.get(p);
            case UINT8 -> b.get(p) & 0xFFL;
            case INT16 -> b.getShort(p);
            case UINT16 -> b.getShort(p) & 0xFFFFL;
            case INT32 -> b.getInt(p);
            case UINT32 -> b.getInt(p) & 0xFFFF_FFFFL;
            case INT64, UINT64 -> b.getLong(p);
            case FLOAT32 -> (long) b.getFloat(p);
            case FLOAT64 -> (long) b.getDouble(p);
        };
    }

    /** Element i of a buffer of this type as a double (exact except 64-bit integers above 2^53). */
    double realAt(ByteBuffer b, int i) {
        return switch (this) {
            case FLOAT32 -> b.getFloat(i * size);
            case FLOAT64 -> b.getDouble(i * size);
            case UINT64 -> {
                long v = b.getLong(i * size);
                yield v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
            }
            default -> integerAt(b, i);
        };
    }
}
