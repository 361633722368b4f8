using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Frontdesk.Api;
using Frontdesk.Data;
using Frontdesk.Domain.Common;
using Frontdesk.Domain.Notifications;
using Frontdesk.Identity;
using Frontdesk.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Notifications;

public sealed record NotificationDto(
    long Id, NotificationKind Kind, long TicketId, long TicketNumber, string Title, string? Text, string ActorName, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt);

public sealed record NotificationFeedDto(IReadOnlyList<NotificationDto> Items, int Unread, string? NextCursor);

public sealed record ChannelChoiceDto(bool InApp, bool Email);

/// <summary>Per kind (<c>assigned</c>, <c>mentioned</c>, <c>customerReplied</c>, <c>slaWarning</c>, <c>slaBreached</c>): absent fields stay as they are.</summary>
public sealed record ChannelChoiceInput(bool? InApp, bool? Email);

/// <summary>An agent's own feed and choices; nobody reads another agent's notifications.</summary>
public static class NotificationEndpoints
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<ITicketStep, NotificationStep>();
        return services;
    }

    public static RouteGroupBuilder MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Policies.Agent);
        group.MapGet("/", FeedAsync).WithName("ListNotifications");
        group.MapPost("/{id:long}/read", ReadAsync).WithName("ReadNotification");
        group.MapPost("/read-all", ReadAllAsync).WithName("ReadAllNotifications");
        group.MapGet("/preferences", PreferencesAsync).WithName("GetNotificationPreferences");
        group.MapPut("/preferences", SetPreferencesAsync).WithName("SetNotificationPreferences");
        return group;
    }

    public static string KeyOf(NotificationKind kind) => JsonNamingPolicy.CamelCase.ConvertName(kind.ToString());

    /// <summary>Newest first; <paramref name="before"/> is the cursor of the previous page.</summary>
    public static async Task<Results<Ok<NotificationFeedDto>, ProblemHttpResult>> FeedAsync(
        bool? unread, long? before, int? limit, ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var take = limit ?? 50;
        if (take is < 1 or > 200)
        {
            return Problems.Invalid("limit", "'limit' must be between 1 and 200.");
        }

        var agentId = user.AgentId()!.Value;
        var mine = db.Notifications.AsNoTracking().Where(n => n.AgentId == agentId);
        var page = unread == true ? mine.Where(n => n.ReadAt == null) : mine;
        if (before is { } b)
        {
            page = page.Where(n => n.Id < b);
        }

        var rows = await page.OrderByDescending(n => n.Id).Take(take + 1)
            .Select(n => new NotificationDto(n.Id, n.Kind, n.TicketId, n.TicketNumber, n.Title, n.Text, n.ActorName, n.CreatedAt, n.ReadAt))
            .ToListAsync(ct);
        var count = await mine.CountAsync(n => n.ReadAt == null, ct);
        var items = rows.Take(take).ToList();
        return TypedResults.Ok(new NotificationFeedDto(items, count, rows.Count > take ? items[^1].Id.ToString(CultureInfo.InvariantCulture) : null));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> ReadAsync(
        long id, ClaimsPrincipal user, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        var result = await writer.WriteAsync<bool>(async (w, ct) =>
        {
            var notification = await w.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.AgentId == agentId, ct);
            if (notification is null)
            {
                return Error.NotFound("Notification", id, "id");
            }

            notification.MarkRead(clock.GetUtcNow());
            await w.SaveChangesAsync(ct);
            return true;
        }, ct);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();
    }

    public static async Task<NoContent> ReadAllAsync(ClaimsPrincipal user, IDatabaseWriter writer, TimeProvider clock, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        await writer.WriteAsync<int>(async (w, ct) =>
        {
            var now = clock.GetUtcNow();
            return await w.Notifications.Where(n => n.AgentId == agentId && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        }, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<Dictionary<string, ChannelChoiceDto>>> PreferencesAsync(ClaimsPrincipal user, FrontdeskDbContext db, CancellationToken ct)
    {
        var agentId = user.AgentId()!.Value;
        var stored = await db.NotificationPreferences.AsNoTracking().Where(p => p.AgentId == agentId).ToListAsync(ct);
        return TypedResults.Ok(Choices(stored));
    }

    public static async Task<Results<Ok<Dictionary<string, ChannelChoiceDto>>, ProblemHttpResult>> SetPreferencesAsync(
        Dictionary<string, ChannelChoiceInput?> request, ClaimsPrincipal user, IDatabaseWriter writer, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var changes = new Dictionary<NotificationKind, ChannelChoiceInput>();
        foreach (var (key, value) in request)
        {
            var kind = Enum.GetValues<NotificationKind>().Where(k => KeyOf(k) == key).Select(k => (NotificationKind?)k).FirstOrDefault();
            if (kind is null)
            {
                errors.Add(key, $"'{key}' is not a kind of notification; kinds: {string.Join(", ", Enum.GetValues<NotificationKind>().Select(KeyOf))}.");
            }
            else if (value is null)
            {
                errors.Add(key, $"'{key}' needs an object such as {{\"inApp\": true, \"email\": false}}.");
            }
            else
            {
                changes[kind.Value] = value;
            }
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var agentId = user.AgentId()!.Value;
        var saved = await writer.WriteAsync(async (w, ct) =>
        {
            var stored = await w.NotificationPreferences.Where(p => p.AgentId == agentId).ToListAsync(ct);
            foreach (var (kind, choice) in changes)
            {
                var preference = stored.FirstOrDefault(p => p.Kind == kind);
                if (preference is null)
                {
                    var (inApp, email) = NotificationPreference.Default(kind);
                    preference = new NotificationPreference(agentId, kind, inApp, email);
                    w.NotificationPreferences.Add(preference);
                    stored.Add(preference);
                }

                preference.Set(choice.InApp, choice.Email);
            }

            await w.SaveChangesAsync(ct);
            return Result<Dictionary<string, ChannelChoiceDto>>.Ok(Choices(stored));
        }, ct);
        return TypedResults.Ok(saved.Value);
    }

    private static Dictionary<string, ChannelChoiceDto> Choices(List<NotificationPreference> stored) =>
        Enum.GetValues<NotificationKind>().ToDictionary(KeyOf, kind =>
        {
            var preference = stored.FirstOrDefault(p => p.Kind == kind);
            var (inApp, email) = preference is null ? NotificationPreference.Default(kind) : (preference.InApp, preference.Email);
            return new ChannelChoiceDto(inApp, email);
        });
}
