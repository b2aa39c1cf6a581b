using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace PixTools.Operations.Metadata;

/// <summary>
/// A new XMP packet holding only the rights statements of a source's packet: <c>dc:rights</c> and every
/// <c>xmpRights:*</c> property (Marked, WebStatement, UsageTerms, Owner, Certificate), copied as written.
/// </summary>
internal static class XmpRights
{
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Rights = "http://ns.adobe.com/xap/1.0/rights/";
    private static readonly XNamespace X = "adobe:ns:meta/";

    /// <summary>The packet's bytes (UTF-8), or null when the source has no rights statement or is not readable XML.</summary>
    public static byte[]? Build(byte[] xmp)
    {
        XDocument document;
        try
        {
            var text = Encoding.UTF8.GetString(xmp).TrimEnd('\0');
            var start = text.IndexOf("<x:xmpmeta", StringComparison.Ordinal);
            if (start < 0) start = text.IndexOf("<rdf:RDF", StringComparison.Ordinal);
            var end = text.LastIndexOf("</x:xmpmeta>", StringComparison.Ordinal);
            var xml = start < 0 ? text : end > start ? text[start..(end + "</x:xmpmeta>".Length)] : text[start..];
            document = XDocument.Parse(xml, LoadOptions.None);
        }
        catch (XmlException)
        {
            return null;
        }

        var kept = new List<XObject>();
        foreach (var description in document.Descendants(Rdf + "Description"))
        {
            kept.AddRange(description.Attributes().Where(a => a.Name.Namespace == Rights || a.Name == Dc + "rights").Select(a => new XAttribute(a)));
            kept.AddRange(description.Elements().Where(e => e.Name.Namespace == Rights || e.Name == Dc + "rights").Select(e => new XElement(e)));
        }
        if (kept.Count == 0) return null;

        var packet = new XElement(X + "xmpmeta", new XAttribute(XNamespace.Xmlns + "x", X),
            new XElement(Rdf + "RDF", new XAttribute(XNamespace.Xmlns + "rdf", Rdf),
                new XElement(Rdf + "Description", new XAttribute(Rdf + "about", ""),
                    new XAttribute(XNamespace.Xmlns + "dc", Dc), new XAttribute(XNamespace.Xmlns + "xmpRights", Rights), kept)));
        var body = packet.ToString(SaveOptions.DisableFormatting);
        return Encoding.UTF8.GetBytes($"<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>{body}<?xpacket end=\"w\"?>");
    }
}
