package dev.runwall.linux.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WireReaderTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void readsNetworkOrderAndHostOrder() throws Exception {
        WireReader r = WireReader.of(hex("0102" + "01020304" + "0201" + "04030201" + "0102030405060708"));
        assertThat(r.u16be()).isEqualTo(0x0102);
        assertThat(r.u32be()).isEqualTo(0x01020304);
        // the build machines are little-endian (x86_64, aarch64)
        assertThat(r.u16()).isEqualTo(0x0102);
        assertThat(r.u32()).isEqualTo(0x01020304);
        assertThat(r.u64be()).isEqualTo(0x0102030405060708L);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void unsignedValuesDoNotSignExtend() throws Exception {
        WireReader r = WireReader.of(hex("ff" + "ffff" + "ffff"));
        assertThat(r.u8()).isEqualTo(255);
        assertThat(r.u16()).isEqualTo(0xffff);
        assertThat(r.u16be()).isEqualTo(0xffff);
    }

    @Test
    void readingPastTheEndThrowsCheckedParseExceptionWithOffset() throws Exception {
        WireReader r = WireReader.of(hex("010203"));
        r.u16();
        assertThatThrownBy(r::u32).isInstanceOf(NetlinkParseException.class)
                .hasMessageContaining("u32 needs 4 bytes at offset 2, 1 left");
        // a failed read does not move the cursor
        assertThat(r.u8()).isEqualTo(3);
    }

    @Test
    void negativeAndOversizedLengthsAreParseErrors() {
        WireReader r = WireReader.of(hex("0102"));
        assertThatThrownBy(() -> r.bytes(-1)).isInstanceOf(NetlinkParseException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> r.slice(3)).isInstanceOf(NetlinkParseException.class);
        assertThatThrownBy(() -> r.skip(Integer.MAX_VALUE)).isInstanceOf(NetlinkParseException.class);
    }

    @Test
    void sliceIsBoundedAndAdvancesTheParent() throws Exception {
        WireReader r = WireReader.of(hex("aabbccdd"));
        r.u8();
        WireReader slice = r.slice(2);
        assertThat(slice.length()).isEqualTo(2);
        assertThat(slice.u16be()).isEqualTo(0xbbcc);
        assertThatThrownBy(slice::u8).isInstanceOf(NetlinkParseException.class);
        assertThat(r.u8()).isEqualTo(0xdd);
    }

    @Test
    void alignIsRelativeToTheReaderStartAndStopsAtTheEnd() throws Exception {
        WireReader r = WireReader.of(hex("00112233445566"), 1, 6);
        r.u8();
        r.align(4);
        assertThat(r.position()).isEqualTo(4);
        r.u8();
        r.align(4);
        assertThat(r.hasRemaining()).isFalse();
    }

    @Test
    void cStringStopsAtNulButConsumesTheField() throws Exception {
        WireReader r = WireReader.of(hex("6869000000" + "41"));
        assertThat(r.cString(5)).isEqualTo("hi");
        assertThat(r.u8()).isEqualTo(0x41);
    }
}
