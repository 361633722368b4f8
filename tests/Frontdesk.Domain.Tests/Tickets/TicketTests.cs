using Frontdesk.Domain.Common;
using Frontdesk.Domain.Tickets;
using Microsoft.Extensions.Time.Testing;

namespace Frontdesk.Domain.Tests.Tickets;

public sealed class TicketTests
{
    private static readonly Actor Ada = Actor.Agent(7, "Ada");
    private static readonly Actor Jane = Actor.Contact(3, "Jane");

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    private DateTimeOffset Now => _clock.GetUtcNow();

    [Fact]
    public void Open_StartsNewAtVersionOneWithOneCreatedEvent()
    {
        var ticket = Ticket.Open(1001, "  Printer on fire ", 3, 9, ChannelKind.Email, TicketPriority.High, TicketType.Incident, Jane, Now);

        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Equal("Printer on fire", ticket.Subject);
        Assert.Equal(1, ticket.Version);
        Assert.Equal(Now, ticket.CreatedAt);
        Assert.Equal(Now, ticket.UpdatedAt);
        var created = Assert.Single(ticket.Events);
        Assert.Equal(TicketEventKinds.Created, created.Kind);
        Assert.Equal("#1001", created.NewValue);
        Assert.Equal(ActorKind.Contact, created.ActorKind);
    }

    [Fact]
    public void ChangeStatus_ToAnAllowedStatus_RecordsItAndBumpsVersion()
    {
        var ticket = NewTicket();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var result = ticket.ChangeStatus(TicketStatus.Open, Ada, Now, "Looking into it.");

        Assert.True(result.IsSuccess);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Equal(2, ticket.Version);
        Assert.Equal(Now, ticket.UpdatedAt);
        var changed = ticket.Events[^1];
        Assert.Equal(TicketEventKinds.StatusChanged, changed.Kind);
        Assert.Equal(("status", "New", "Open", "Looking into it."), (changed.Field, changed.OldValue, changed.NewValue, changed.Reason));
        Assert.Equal((ActorKind.Agent, 7L, "Ada"), (changed.ActorKind, changed.ActorId!.Value, changed.ActorName));
    }

    [Fact]
    public void ChangeStatus_ToTheCurrentStatus_RecordsNothing()
    {
        var ticket = NewTicket();

        var result = ticket.ChangeStatus(TicketStatus.New, Ada, Now);

        Assert.True(result.IsSuccess);
        Assert.Single(ticket.Events);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void ChangeStatus_NotAllowed_FailsNamingTheAllowedMovesAndChangesNothing()
    {
        var ticket = NewTicket();

        var result = ticket.ChangeStatus(TicketStatus.Closed, Ada, Now);

        Assert.False(result.IsSuccess);
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Equal("status", result.Error.Field);
        Assert.Contains("Solved", result.Error.Detail);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Null(ticket.ClosedAt);
        Assert.Single(ticket.Events);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void Solve_SetsSolvedAt_AndReopeningClearsIt()
    {
        var ticket = NewTicket();
        _clock.Advance(TimeSpan.FromHours(2));
        ticket.ChangeStatus(TicketStatus.Solved, Ada, Now);
        Assert.Equal(Now, ticket.SolvedAt);

        ticket.ChangeStatus(TicketStatus.Open, Ada, Now);

        Assert.Null(ticket.SolvedAt);
    }

    [Fact]
    public void Close_FromSolved_SetsClosedAtAndThenNothingMoves()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Solved, Ada, Now);
        _clock.Advance(TimeSpan.FromDays(3));
        Assert.True(ticket.ChangeStatus(TicketStatus.Closed, Ada, Now).IsSuccess);
        Assert.Equal(Now, ticket.ClosedAt);

        Assert.All(
            Enum.GetValues<TicketStatus>().Where(s => s != TicketStatus.Closed),
            to => Assert.False(ticket.ChangeStatus(to, Ada, Now).IsSuccess));
        Assert.Equal(TicketStatus.Closed, ticket.Status);
    }

    [Fact]
    public void Rename_ToTheSameTrimmedSubject_RecordsNothing()
    {
        var ticket = NewTicket("Broken printer");

        ticket.Rename("  Broken printer  ", Ada, Now);

        Assert.Single(ticket.Events);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void Rename_ToANewSubject_RecordsOldAndNew()
    {
        var ticket = NewTicket("Broken printer");

        ticket.Rename("Printer jams on A3", Ada, Now, "Clearer.");

        Assert.Equal("Printer jams on A3", ticket.Subject);
        var changed = ticket.Events[^1];
        Assert.Equal((TicketEventKinds.FieldChanged, "subject", "Broken printer", "Printer jams on A3", "Clearer."), (changed.Kind, changed.Field, changed.OldValue, changed.NewValue, changed.Reason));
        Assert.Equal(2, ticket.Version);
    }

    [Fact]
    public void SettersWithUnchangedValues_RecordNothing()
    {
        var ticket = NewTicket();

        ticket.SetPriority(TicketPriority.Normal, Ada, Now);
        ticket.SetType(TicketType.Question, Ada, Now);
        ticket.SetCategory(null, Ada, Now);
        ticket.SetTeam(null, Ada, Now);
        ticket.SetLanguage(null, Ada, Now);
        ticket.SetDueAt(null, Ada, Now);
        ticket.SetOrganization(null, Ada, Now);
        ticket.AssignTo(null, Ada, Now);
        ticket.ChangeRequester(3, null, Ada, Now);
        ticket.SetCustomField("plan", null, Ada, Now);
        ticket.RemoveTag("absent", Ada, Now);

        Assert.Single(ticket.Events);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void EachRealChange_RecordsOneEventAndBumpsVersionOnce()
    {
        var ticket = NewTicket();
        var due = new DateTimeOffset(2026, 3, 4, 17, 0, 0, TimeSpan.Zero);

        ticket.SetPriority(TicketPriority.Urgent, Ada, Now);
        ticket.SetType(TicketType.Incident, Ada, Now);
        ticket.SetCategory(4, Ada, Now);
        ticket.SetTeam(2, Ada, Now);
        ticket.SetLanguage("de", Ada, Now);
        ticket.SetDueAt(due, Ada, Now);
        ticket.SetOrganization(11, Ada, Now);

        Assert.Equal(8, ticket.Version);
        Assert.Equal(
            [("priority", "Normal", "Urgent"), ("type", "Question", "Incident"), ("category", null, "4"), ("team", null, "2"),
             ("language", null, "de"), ("due_at", null, "2026-03-04T17:00:00.0000000+00:00"), ("organization", null, "11")],
            ticket.Events.Skip(1).Select(e => (e.Field!, e.OldValue, e.NewValue!)));
        Assert.All(ticket.Events.Skip(1), e => Assert.Equal(TicketEventKinds.FieldChanged, e.Kind));
        Assert.Equal((TicketPriority.Urgent, TicketType.Incident, 4L, 2L, "de", due, 11L), (ticket.Priority, ticket.Type, ticket.CategoryId!.Value, ticket.TeamId!.Value, ticket.Language!, ticket.DueAt!.Value, ticket.OrganizationId!.Value));
    }

    [Fact]
    public void AssignTo_AnotherAgent_RecordsAnAssignedEvent()
    {
        var ticket = NewTicket();
        ticket.AssignTo(7, Ada, Now);

        ticket.AssignTo(8, Ada, Now, "Holiday cover.");

        Assert.Equal(8, ticket.AssigneeId);
        var assigned = ticket.Events[^1];
        Assert.Equal((TicketEventKinds.Assigned, "assignee", "7", "8", "Holiday cover."), (assigned.Kind, assigned.Field, assigned.OldValue, assigned.NewValue, assigned.Reason));
        Assert.Equal(3, ticket.Version);
    }

    [Fact]
    public void ChangeRequester_MovesTheTicketToTheNewContactAndTheirOrganization()
    {
        var ticket = NewTicket();

        ticket.ChangeRequester(5, 12, Ada, Now);

        Assert.Equal((5L, 12L), (ticket.RequesterId, ticket.OrganizationId!.Value));
        Assert.Equal((TicketEventKinds.RequesterChanged, "3", "5"), (ticket.Events[^1].Kind, ticket.Events[^1].OldValue, ticket.Events[^1].NewValue));
    }

    [Fact]
    public void SetCustomField_RecordsSetChangeAndClear_ButNotARepeat()
    {
        var ticket = NewTicket();

        ticket.SetCustomField("plan", "Gold", Ada, Now);
        ticket.SetCustomField("plan", "Gold", Ada, Now);
        ticket.SetCustomField("plan", "Silver", Ada, Now);
        ticket.SetCustomField("plan", null, Ada, Now);

        Assert.False(ticket.CustomFields.ContainsKey("plan"));
        Assert.Equal(
            [("custom.plan", null, "Gold"), ("custom.plan", "Gold", "Silver"), ("custom.plan", "Silver", null)],
            ticket.Events.Skip(1).Select(e => (e.Field!, e.OldValue, e.NewValue)));
        Assert.Equal(4, ticket.Version);
    }

    [Fact]
    public void AddTag_Twice_RecordsOnce_AndRemoveTagRecordsTheRemoval()
    {
        var ticket = NewTicket();

        ticket.AddTag(new Tag("VIP"), Ada, Now);
        ticket.AddTag(new Tag("vip"), Ada, Now);
        ticket.RemoveTag("vip", Ada, Now);

        Assert.Empty(ticket.Tags);
        Assert.Equal(
            [(TicketEventKinds.TagAdded, null, "vip"), (TicketEventKinds.TagRemoved, "vip", null)],
            ticket.Events.Skip(1).Select(e => (e.Kind, e.OldValue, e.NewValue)));
        Assert.Equal(3, ticket.Version);
    }

    [Fact]
    public void Change_WithAnEarlierTimestamp_DoesNotMoveUpdatedAtBack()
    {
        var ticket = NewTicket();
        _clock.Advance(TimeSpan.FromHours(1));
        ticket.SetPriority(TicketPriority.High, Ada, Now);
        var latest = Now;

        ticket.SetPriority(TicketPriority.Low, Ada, latest.AddMinutes(-30));

        Assert.Equal(latest, ticket.UpdatedAt);
    }

    [Fact]
    public void Reply_ToSolvedTicket_ReopensIt()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Solved, Ada, Now);
        _clock.Advance(TimeSpan.FromHours(1));

        var message = ticket.AddMessage(Draft("It broke again."), Jane, Now);

        Assert.True(message.IsSuccess);
        Assert.Equal(TicketStatus.Open, ticket.Status);
        Assert.Null(ticket.SolvedAt);
        var reopened = ticket.Events[^1];
        Assert.Equal((TicketEventKinds.StatusChanged, "Solved", "Open", "The requester replied."), (reopened.Kind, reopened.OldValue, reopened.NewValue, reopened.Reason));
        Assert.Equal(ActorKind.Contact, reopened.ActorKind);
    }

    [Fact]
    public void Reply_ToPendingTicket_ReopensIt()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Pending, Ada, Now);

        ticket.AddMessage(Draft("Here is the log you asked for."), Jane, Now);

        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    [Theory]
    [InlineData(TicketStatus.New)]
    [InlineData(TicketStatus.OnHold)]
    public void Reply_ToNewOrOnHoldTicket_KeepsItsStatus(TicketStatus status)
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(status, Ada, Now);

        ticket.AddMessage(Draft("Any news?"), Jane, Now);

        Assert.Equal(status, ticket.Status);
    }

    [Fact]
    public void AgentReply_ToSolvedTicket_LeavesItSolved()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Solved, Ada, Now);

        ticket.AddMessage(Draft("Glad it works."), Ada, Now);

        Assert.Equal(TicketStatus.Solved, ticket.Status);
    }

    [Fact]
    public void AddMessage_RecordsTheMessageAndOneEventAndBumpsVersion()
    {
        var ticket = NewTicket();
        var attachment = new AttachmentRef(new string('a', 64), "log.txt", "text/plain", 42);

        var message = ticket.AddMessage(Draft("See attached.", attachments: [attachment]), Jane, Now).Value;

        Assert.Same(message, Assert.Single(ticket.Messages));
        Assert.Equal(("<p>See attached.</p>", "See attached.", ActorKind.Contact, "Jane", Now), (message.BodyHtml, message.BodyText, message.AuthorKind, message.AuthorName, message.CreatedAt));
        var file = Assert.Single(message.Attachments);
        Assert.Equal(("log.txt", "text/plain", 42L), (file.FileName, file.ContentType, file.Size));
        Assert.Equal((TicketEventKinds.MessageAdded, "reply"), (ticket.Events[^1].Kind, ticket.Events[^1].NewValue));
        Assert.Equal(2, ticket.Version);
    }

    [Fact]
    public void FirstPublicAgentReply_SetsFirstResponse_AndLaterRepliesKeepIt()
    {
        var ticket = NewTicket();
        _clock.Advance(TimeSpan.FromMinutes(20));
        var first = Now;

        ticket.AddMessage(Draft("On it."), Ada, Now);
        _clock.Advance(TimeSpan.FromMinutes(20));
        ticket.AddMessage(Draft("Fixed."), Ada, Now);

        Assert.Equal(first, ticket.FirstResponseAt);
    }

    [Fact]
    public void InternalNote_IsNotAFirstResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Draft("Customer is on the old firmware.", isInternal: true), Ada, Now);

        Assert.Null(ticket.FirstResponseAt);
        Assert.Equal("note", ticket.Events[^1].NewValue);
        Assert.True(ticket.Messages[0].IsInternal);
    }

    [Fact]
    public void CustomerReply_IsNotAFirstResponse()
    {
        var ticket = NewTicket();

        ticket.AddMessage(Draft("Hello?"), Jane, Now);

        Assert.Null(ticket.FirstResponseAt);
    }

    [Fact]
    public void InternalNote_ByACustomer_IsRefused()
    {
        var ticket = NewTicket();

        var result = ticket.AddMessage(Draft("psst", isInternal: true), Jane, Now);

        Assert.Equal((ErrorKind.Validation, "internal"), (result.Error!.Kind, result.Error.Field));
        Assert.Empty(ticket.Messages);
        Assert.Equal(1, ticket.Version);
    }

    [Fact]
    public void AddMessage_ToClosedTicket_IsAConflictAndAddsNothing()
    {
        var ticket = NewTicket();
        ticket.ChangeStatus(TicketStatus.Solved, Ada, Now);
        ticket.ChangeStatus(TicketStatus.Closed, Ada, Now);
        var version = ticket.Version;

        var result = ticket.AddMessage(Draft("One more thing"), Jane, Now);

        Assert.Equal(ErrorKind.Conflict, result.Error!.Kind);
        Assert.Empty(ticket.Messages);
        Assert.Equal(TicketStatus.Closed, ticket.Status);
        Assert.Equal(version, ticket.Version);
    }

    [Fact]
    public void MergeInto_ClosesTheSourceAndRecordsOnBothTickets()
    {
        var source = NewTicket(id: 1, number: 1001);
        var target = NewTicket(id: 2, number: 1002);
        _clock.Advance(TimeSpan.FromHours(1));

        var result = source.MergeInto(target, Ada, Now);

        Assert.True(result.IsSuccess);
        Assert.Equal(2, source.MergedIntoId);
        Assert.Equal(TicketStatus.Closed, source.Status);
        Assert.Equal(Now, source.ClosedAt);
        Assert.Equal(
            [(TicketEventKinds.StatusChanged, "Closed"), (TicketEventKinds.MergedInto, "#1002")],
            source.Events.Skip(1).Select(e => (e.Kind, e.NewValue!)));
        Assert.Equal((TicketEventKinds.MergedFrom, "#1001"), (target.Events[^1].Kind, target.Events[^1].NewValue));
        Assert.Equal(TicketStatus.New, target.Status);
        Assert.Equal(2, target.Version);
    }

    [Fact]
    public void MergeInto_Itself_IsInvalid()
    {
        var ticket = NewTicket(id: 1);

        var result = ticket.MergeInto(ticket, Ada, Now);

        Assert.Equal((ErrorKind.Validation, "targetId"), (result.Error!.Kind, result.Error.Field));
        Assert.Null(ticket.MergedIntoId);
    }

    [Fact]
    public void MergeInto_FromAnAlreadyMergedTicket_IsAConflict()
    {
        var source = NewTicket(id: 1);
        source.MergeInto(NewTicket(id: 2), Ada, Now);

        var result = source.MergeInto(NewTicket(id: 3), Ada, Now);

        Assert.Equal((ErrorKind.Conflict, "id"), (result.Error!.Kind, result.Error.Field));
        Assert.Equal(2, source.MergedIntoId);
    }

    [Fact]
    public void MergeInto_AClosedTarget_IsAConflict()
    {
        var target = NewTicket(id: 2);
        target.ChangeStatus(TicketStatus.Solved, Ada, Now);
        target.ChangeStatus(TicketStatus.Closed, Ada, Now);
        var source = NewTicket(id: 1);

        var result = source.MergeInto(target, Ada, Now);

        Assert.Equal((ErrorKind.Conflict, "targetId"), (result.Error!.Kind, result.Error.Field));
        Assert.Null(source.MergedIntoId);
        Assert.Equal(TicketStatus.New, source.Status);
    }

    [Fact]
    public void MergeInto_AMergedTarget_IsAConflict()
    {
        var target = NewTicket(id: 2);
        target.MergeInto(NewTicket(id: 3), Ada, Now);

        var result = NewTicket(id: 1).MergeInto(target, Ada, Now);

        Assert.Equal((ErrorKind.Conflict, "targetId"), (result.Error!.Kind, result.Error.Field));
    }

    [Fact]
    public void MergeInto_FromAClosedTicket_KeepsItsClosedAtAndRecordsNoStatusChange()
    {
        var source = NewTicket(id: 1);
        source.ChangeStatus(TicketStatus.Solved, Ada, Now);
        source.ChangeStatus(TicketStatus.Closed, Ada, Now);
        var closedAt = source.ClosedAt;
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.True(source.MergeInto(NewTicket(id: 2), Ada, Now).IsSuccess);

        Assert.Equal(closedAt, source.ClosedAt);
        Assert.Equal(TicketEventKinds.MergedInto, source.Events[^1].Kind);
        Assert.Equal(2, source.Events.Count(e => e.Kind == TicketEventKinds.StatusChanged));
    }

    private Ticket NewTicket(string subject = "Printer on fire", long id = 0, long number = 1001)
    {
        var ticket = Ticket.Open(number, subject, 3, null, ChannelKind.Email, TicketPriority.Normal, TicketType.Question, Jane, Now);
        if (id != 0)
        {
            Persisted.SetId(ticket, id);
        }

        return ticket;
    }

    private static MessageDraft Draft(string text, bool isInternal = false, IReadOnlyList<AttachmentRef>? attachments = null) =>
        new($"<p>{text}</p>", text, isInternal, ChannelKind.Email, attachments ?? []);
}
