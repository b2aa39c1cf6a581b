using NetVips;

namespace PixTools.Operations.Vips;

/// <summary>The PNG row filters named in <see cref="ImagingOptions.PngFilters"/>, as libvips' filter bit set.</summary>
internal static class PngFilterSet
{
    /// <summary>One or more of none, sub, up, avg, paeth and all, separated by commas (spaces allowed around them).</summary>
    public const string Pattern = @"^\s*(none|sub|up|avg|paeth|all)\s*(,\s*(none|sub|up|avg|paeth|all)\s*)*$";

    /// <summary>
    /// The filters libpng chooses from for each row: <see cref="Enums.ForeignPngFilter.None"/> (unfiltered rows)
    /// when adaptive filtering is off, else the union of the names in <see cref="ImagingOptions.PngFilters"/>.
    /// </summary>
    public static Enums.ForeignPngFilter For(ImagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.PngAdaptiveFilter) return Enums.ForeignPngFilter.None;
        return Parse(options.PngFilters);
    }

    /// <summary>The union of the filters named in <paramref name="names"/> (see <see cref="Pattern"/>).</summary>
    public static Enums.ForeignPngFilter Parse(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var set = 0;
        foreach (var name in names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            set |= name switch
            {
                "none" => (int)Enums.ForeignPngFilter.None,
                "sub" => (int)Enums.ForeignPngFilter.Sub,
                "up" => (int)Enums.ForeignPngFilter.Up,
                "avg" => (int)Enums.ForeignPngFilter.Avg,
                "paeth" => (int)Enums.ForeignPngFilter.Paeth,
                "all" => (int)Enums.ForeignPngFilter.All,
                _ => throw new ArgumentException($"'{name}' is not a PNG filter (none, sub, up, avg, paeth or all).", nameof(names)),
            };
        }
        if (set == 0) throw new ArgumentException("No PNG filter is named.", nameof(names));
        return (Enums.ForeignPngFilter)set;
    }
}
