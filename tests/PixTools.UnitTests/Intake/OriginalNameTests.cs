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
    [InlineData("my holiday photo.jpg", "my_holiday_photo")]
    [InlineData("a   b.jpg", "a_b")]
    [InlineData("quote\"d'name.jpg", "quote_d_name")]
    [InlineData("evil\"; filename=\"x.sh.jpg", "evil_filename_x.sh")]
    [InlineData("line\r\nbreak.jpg", "line_break")]
    [InlineData("tab\there\0.jpg", "tab_here_")]
    [InlineData("café.jpg", "caf_")]
    [InlineData("Ünïcödé.png", "_n_c_d_")]
    [InlineData("日本語.jpg", "image")]
    [InlineData("😀smile.png", "_smile")]
    [InlineData("a__b.jpg", "a_b")]
    [InlineData("", "image")]
    [InlineData(null, "image")]
    [InlineData("   ", "image")]
    [InlineData(".jpg", "jpg")]
    public void MakesASafeBaseName(string? uploaded, string expected)
    {
        Assert.Equal(expected, OriginalName.From(uploaded));
    }

    [Fact]
    public void TrimsTo100Characters()
    {
        var name = OriginalName.From(new string('x', 300) + ".jpg");

        Assert.Equal(new string('x', 100), name);
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
    public void OnlyKeepsSafeCharacters(string uploaded)
    {
        var name = OriginalName.From(uploaded);

        Assert.NotEmpty(name);
        Assert.False(name.StartsWith('.'));
        Assert.All(name, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.', $"unsafe '{c}' in {name}"));
    }
}
