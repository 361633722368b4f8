using Frontdesk.Api;
using Frontdesk.Channels.Outbox;
using Frontdesk.Data;
using Frontdesk.Domain.Channels;
using Frontdesk.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Frontdesk.Channels;

/// <summary>What the outbox did with one reply or notification of a ticket.</summary>
public sealed record DeliveryDto(
    long Id,
    OutboxKind Kind,
    long? MessageId,
    string Recipient,
    OutboxStatus Status,
    int Attempts,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? NextAttemptAt);

public static class ChannelEndpoints
{
    public static IServiceCollection AddChannels(this IServiceCollection services)
    {
        services.AddOptions<IntakeOptions>().BindConfiguration("Frontdesk:Intake");
        services.AddSingleton<ChannelSecrets>();
        services.AddSingleton<InboundIntake>();
        services.AddOutbox();
        return services;
    }

    public static RouteGroupBuilder MapChannels(this IEndpointRouteBuilder app)
    {
        var channels = app.MapGroup("/api/v1/channels").WithTags("Channels").RequireAuthorization(Policies.Admin);
        channels.MapGet("/", ManageChannels.ListAsync).WithName("ListChannels");
        channels.MapGet("/{id:long}", ManageChannels.GetAsync).WithName("GetChannel");
        channels.MapPost("/", ManageChannels.CreateAsync).WithName("CreateChannel");
        channels.MapPatch("/{id:long}", ManageChannels.UpdateAsync).WithName("UpdateChannel");
        channels.MapDelete("/{id:long}", ManageChannels.DeactivateAsync).WithName("DeactivateChannel");

        app.MapGet("/api/v1/tickets/{id:long}/deliveries", DeliveriesAsync)
            .WithTags("Tickets").WithName("ListTicketDeliveries").RequireAuthorization(Policies.Agent);
        return channels;
    }

    /// <summary>Every outgoing email or webhook call of a ticket, with its state: how agents see a failed send.</summary>
    private static async Task<Results<Ok<List<DeliveryDto>>, ProblemHttpResult>> DeliveriesAsync(long id, FrontdeskDbContext db, CancellationToken ct)
    {
        if (!await db.Tickets.AnyAsync(t => t.Id == id, ct))
        {
            return Domain.Common.Error.NotFound("Ticket", id, "id").ToProblem();
        }

        var rows = await db.Outbox.AsNoTracking().Where(o => o.TicketId == id).OrderBy(o => o.Id).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(o => new DeliveryDto(
            o.Id, o.Kind, o.MessageId, o.Recipient, o.Status, o.Attempts, o.LastError, o.CreatedAt, o.SentAt,
            o.Status == OutboxStatus.Pending ? o.NextAttemptAt : null)).ToList());
    }
}
