using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Xml;

namespace Tongban.Web.Features.Open311;

/// <summary>The two output formats of GeoReport v2, chosen by the resource's suffix (.xml or .json).</summary>
public enum Open311Format
{
    Xml,
    Json,
}

/// <summary>
/// One Open311 record: named fields in the order the specification lists them. A value is a string, number,
/// bool, <see cref="DateTimeOffset"/> (written as a W3C datetime), null, a nested record or an <see cref="Open311List"/>.
/// </summary>
public sealed class Open311Record : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public void Add(string name, object? value) => _fields.Add(new(name, value));

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A repeated element: in XML each item is wrapped in <c>ItemName</c>; in JSON it is a plain array.</summary>
public sealed record Open311List(string ItemName, IReadOnlyList<object?> Items);

/// <summary>
/// A GeoReport v2 response in either format, after the Spark convention the specification uses: XML has a root
/// element and one element per list item; JSON drops the root and writes lists as arrays.
/// </summary>
public sealed class Open311Result(int statusCode, string root, object body, Open311Format format) : IResult
{
    public int StatusCode => statusCode;
    public string Root => root;
    public object Body => body;
    public Open311Format Format => format;

    // Text as written ("+08:00", Chinese) rather than \u escapes; safe here: the body is application/json with nosniff, never HTML.
    private static readonly JavaScriptEncoder JsonEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = format == Open311Format.Xml ? ToXml() : ToJson();
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = format == Open311Format.Xml ? "text/xml; charset=utf-8" : "application/json; charset=utf-8";
        httpContext.Response.ContentLength = bytes.Length;
        await httpContext.Response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    public byte[] ToXml()
    {
        var settings = new XmlWriterSettings
        {
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            Indent = true,
            IndentChars = "  ",
            // CR in text would be folded into LF by every XML parser; as &#xD; it survives, so CRLF round-trips.
            NewLineHandling = NewLineHandling.Entitize,
            NewLineChars = "\n",
        };
        using var stream = new MemoryStream();
        using (var xml = XmlWriter.Create(stream, settings))
        {
            xml.WriteStartDocument();
            xml.WriteStartElement(root);
            WriteXmlContent(xml, body);
            xml.WriteFullEndElement();
            xml.WriteEndDocument();
        }
        return stream.ToArray();
    }

    public byte[] ToJson()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = JsonEncoder, Indented = true }))
            WriteJsonValue(json, body);
        return stream.ToArray();
    }

    private static void WriteXmlContent(XmlWriter xml, object? value)
    {
        switch (value)
        {
            case Open311Record record:
                foreach (var (name, field) in record)
                {
                    xml.WriteStartElement(name);
                    WriteXmlContent(xml, field);
                    xml.WriteFullEndElement();
                }
                break;
            case Open311List list:
                foreach (var item in list.Items)
                {
                    xml.WriteStartElement(list.ItemName);
                    WriteXmlContent(xml, item);
                    xml.WriteFullEndElement();
                }
                break;
            case null:
                break;
            default:
                // Leaf text exactly as stored: strict clients (XML::Simple in FixMyStreet) keep every character.
                xml.WriteString(XmlSafe(Scalar(value)));
                break;
        }
    }

    private static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case Open311Record record:
                json.WriteStartObject();
                foreach (var (name, field) in record)
                {
                    json.WritePropertyName(name);
                    WriteJsonValue(json, field);
                }
                json.WriteEndObject();
                break;
            case Open311List list:
                json.WriteStartArray();
                foreach (var item in list.Items) WriteJsonValue(json, item);
                json.WriteEndArray();
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            default:
                json.WriteStringValue(Scalar(value));
                break;
        }
    }

    private static string Scalar(object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        DateTimeOffset t => Open311Time.Format(t),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Characters XML 1.0 cannot carry (control characters, lone surrogates) become U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        var safe = true;
        for (var i = 0; i < text.Length && safe; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else if (!XmlConvert.IsXmlChar(text[i])) safe = false;
        }
        if (safe) return text;
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb.Append(text[i]).Append(text[++i]);
            }
            else sb.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
        }
        return sb.ToString();
    }
}
