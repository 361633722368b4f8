using Frontdesk.Channels.Form;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Frontdesk.Channels.Chat;

/// <summary>
/// Serves the embeddable widget from wwwroot/chat: <c>&lt;script src="https://help.example.com/chat/widget.js"
/// data-channel="ID"&gt;&lt;/script&gt;</c> on any page. It speaks SignalR's JSON protocol over a WebSocket itself, so no
/// other script (and no CDN) is needed.
/// </summary>
public static class ChatWidget
{
    public static async Task<Results<ContentHttpResult, NotFound>> ScriptAsync(HttpContext http, IWebHostEnvironment env, CancellationToken ct)
    {
        var script = await FormPages.ReadAsync(env, "chat/widget.js", ct);
        if (script is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Content(script, "text/javascript; charset=utf-8");
    }
}
