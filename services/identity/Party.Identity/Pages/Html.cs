using System.Text;
using System.Text.Encodings.Web;

namespace Party.Identity.Pages;

/// <summary>The sign-in pages: plain server-rendered HTML in Chinese that works on a phone, no script.</summary>
public static class Html
{
    private const string Style = """
        body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;background:#f5f5f5;margin:0;padding:16px}
        main{max-width:380px;margin:8vh auto;background:#fff;border-radius:8px;padding:24px;box-shadow:0 1px 4px rgba(0,0,0,.1)}
        h1{font-size:20px;margin:0 0 16px;color:#b71c1c}label{display:block;margin:12px 0 4px}
        input{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #ccc;border-radius:4px}
        button{width:100%;margin-top:20px;padding:12px;font-size:16px;background:#c62828;color:#fff;border:0;border-radius:4px}
        .error{background:#ffebee;color:#b71c1c;padding:10px;border-radius:4px}.hint{color:#666;font-size:14px}
        """;

    public static IResult Page(string title, string body, int status = 200) => Results.Content($"""
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{E(title)}</title><style>{Style}</style></head>
        <body><main><h1>{E(title)}</h1>{body}</main></body></html>
        """, "text/html; charset=utf-8", Encoding.UTF8, status);

    public static string E(string? s) => HtmlEncoder.Default.Encode(s ?? "");

    public static string Error(string? message) => message is null ? "" : $"""<p class="error" role="alert">{E(message)}</p>""";

    public static string Hidden(string name, string? value) => $"""<input type="hidden" name="{E(name)}" value="{E(value)}">""";

    public static string Field(string name, string label, string type, string autocomplete, string? value = null) =>
        $"""<label for="{name}">{E(label)}</label>"""
        + $"""<input id="{name}" name="{name}" type="{type}" autocomplete="{autocomplete}" value="{E(value)}" required>""";
}
