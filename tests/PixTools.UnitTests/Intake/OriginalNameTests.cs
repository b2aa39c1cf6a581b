using PixTools.Intake;

namespace PixTools.UnitTests.Intake;

public sealed class OriginalNameTests
{
    [Theory]
    [InlineData("holiday.jpg", "holiday")]
    [InlineData("IMG_0042.JPEG", "IMG_0042")]
    [InlineData("my-photo_v2.final.png", "my-photo_v2.final")]
    [InlineData("archive.tar.gz", "archive.tar")]
    [InlineData("noextension", "noextension")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("..\\..\\windows\\win.ini", "win")]
    [InlineData("C:\\x\\y.jpg", "y")]
    [InlineData("/var/tmp/upload/cat.webp", "cat")]
    [InlineData("dir/", "image")]
    [InlineData(".hidden.png", "hidden")]
    [InlineData(".hidden", "hidden")]
    [InlineData("...png", "image")]
    [InlineData("..", "image")]
    [InlineData("photo..jpg", "photo")]
    [InlineData("my holiday photo.jpg", "my holiday photo")]
    [InlineData("  padded  .jpg", "padded")]
    [InlineData("quote\"d'name.jpg", "quote_d'name")]
    [InlineData("evil\"; filename=\"x.sh.jpg", "evil_; filename=_x.sh")]
    [InlineData("line\r\nbreak.jpg", "line_break")]
    [InlineData("tab\there\0.jpg", "tab_here_")]
    [InlineData("a<b>c:d|e?f*g.png", "a_b_c_d_e_f_g")]
    [InlineData("café.jpg", "café")]
    [InlineData("cafe\u0301.jpg", "cafe\u0301")]
    [InlineData("Ünïcödé.png", "Ünïcödé")]
    [InlineData("日本語.jpg", "日本語")]
    [InlineData("фото 🌅.png", "фото 🌅")]
    [InlineData("😀smile.png", "😀smile")]
    [InlineData("🌅.png", "🌅")]
    [InlineData("right\u202Egnp.exe.png", "right_gnp.exe")]
    [InlineData("zero\u200Bwidth.png", "zero_width")]
    [InlineData("lone\uD800surrogate.png", "lone_surrogate")]
    [InlineData("a__b.jpg", "a_b")]
    [InlineData("", "image")]
    [InlineData(null, "image")]
    [InlineData("   ", "image")]
    [InlineData("___.png", "image")]
    [InlineData(".jpg", "jpg")]
    public void MakesASafeBaseName(string? uploaded, string expected)
    {
        Assert.Equal(expected, OriginalName.From(uploaded));
    }

    [Fact]
    public void CutsTo100BytesOfUtf8()
    {
        Assert.Equal(new string('x', 100), OriginalName.From(new string('x', 300) + ".jpg"));
        // Cyrillic letters are 2 bytes: 50 of them fit.
        Assert.Equal(new string('ж', 50), OriginalName.From(new string('ж', 300) + ".jpg"));
    }

    [Fact]
    public void NeverCutsInsideASurrogatePairOrACombinedCharacter()
    {
        // 99 bytes of ASCII, then a 4-byte emoji: it does not fit and is dropped whole, never half a surrogate pair.
        Assert.Equal(new string('x', 99), OriginalName.From(new string('x', 99) + "🌅.png"));
        // 98 bytes, then e + combining acute (3 bytes): kept or dropped together.
        Assert.Equal(new string('x', 98), OriginalName.Cut(new string('x', 98) + "e\u0301", 100));
        var emoji = OriginalName.From(string.Concat(Enumerable.Repeat("🌅", 60)) + ".png");
        Assert.Equal(25, emoji.Length / 2);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(emoji) <= OriginalName.MaxBytes);
        Assert.False(char.IsHighSurrogate(emoji[^1]));
    }

    [Fact]
    public void NeverEndsWithADotAfterTrimming()
    {
        var name = OriginalName.From(new string('x', 99) + "..y.jpg");

        Assert.Equal(new string('x', 99), name);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("C:\\x\\y.jpg")]
    [InlineData("\"\\/:*?<>|")]
    [InlineData("..\u0000..")]
    [InlineData("a\u0085b\u2028c\u2029d\u007Fe.png")]
    public void NeverKeepsSeparatorsControlsOrWindowsReservedCharacters(string uploaded)
    {
        var name = OriginalName.From(uploaded);

        Assert.NotEmpty(name);
        Assert.False(name.StartsWith('.'));
        Assert.All(name, c => Assert.True(!char.IsControl(c) && !"\"\\/:*?<>|\u2028\u2029".Contains(c), $"unsafe U+{(int)c:X4} in {name}"));
    }
}
