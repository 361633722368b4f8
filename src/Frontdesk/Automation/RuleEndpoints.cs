using Frontdesk.Automation.Actions;
using Frontdesk.Channels.Outbox;
using Frontdesk.Channels.Webhooks;
using Frontdesk.Domain.Automation;
using Frontdesk.Identity;
using Frontdesk.Tickets;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Frontdesk.Automation;

public static class RuleEndpoints
{
    /// <summary>
    /// Rules, their evaluation step in the ticket pipeline, the shared ticket actions and the webhook-call sender.
    /// Business hours default to always open; the SLA feature registers its calendars' (<see cref="IBusinessHoursSource"/>) first.
    /// </summary>
    public static IServiceCollection AddAutomation(this IServiceCollection services)
    {
        services.AddOptions<RuleOptions>()
            .BindConfiguration("Frontdesk:Rules")
            .Configure<IConfiguration>((o, config) => o.PublicUrl ??= config["Frontdesk:PublicUrl"]);
        services.TryAddSingleton<IBusinessHoursSource, AlwaysOpenHours>();
        services.AddSingleton<RuleBook>();
        services.AddSingleton<ActionServices>();
        services.AddSingleton<ITicketStep, RuleStep>();
        services.AddSingleton<IOutboxSender, WebhookCallSender>();
        return services;
    }

    /// <summary>Rules can send mail and call URLs on every ticket: only admins read, change or try them.</summary>
    public static RouteGroupBuilder MapAutomation(this IEndpointRouteBuilder app)
    {
        var rules = app.MapGroup("/api/v1/rules").WithTags("Rules").RequireAuthorization(Policies.Admin);

        rules.MapGet("/", ListRules.HandleAsync).WithName("ListRules");
        rules.MapGet("/{id:long}", ListRules.GetAsync).WithName("GetRule");
        rules.MapPost("/", CreateRule.HandleAsync).WithName("CreateRule");
        rules.MapPatch("/{id:long}", UpdateRule.HandleAsync).WithName("UpdateRule");
        rules.MapDelete("/{id:long}", DeleteRule.HandleAsync).WithName("DeleteRule");
        rules.MapPut("/order", ReorderRules.HandleAsync).WithName("ReorderRules");
        rules.MapPost("/simulate", SimulateRule.HandleAsync).WithName("SimulateRule");
        return rules;
    }
}
