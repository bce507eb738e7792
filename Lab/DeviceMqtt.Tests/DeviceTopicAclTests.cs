namespace Lab.DeviceMqtt.Tests;

public sealed class DeviceTopicAclTests
{
    private readonly DeviceTopicAcl _acl = new();

    [Theory]
    [InlineData("dev/dev-a")]
    [InlineData("dev/dev-a/status")]
    [InlineData("dev/dev-a/cmd")]
    [InlineData("dev/dev-a/#")]
    [InlineData("dev/dev-a/+/x")]
    [InlineData("dev/dev-a/")]
    public void Allows_TheDevicesOwnRootAndEverythingBelow(string topic) => Assert.True(_acl.Allows("dev-a", topic));

    [Theory]
    [InlineData("dev/dev-b/cmd")]
    [InlineData("dev/dev-ab/cmd")]      // a longer id that starts with ours
    [InlineData("dev/dev-a-evil/cmd")]
    [InlineData("dev/+/cmd")]
    [InlineData("dev/#")]
    [InlineData("#")]
    [InlineData("+/dev-a/cmd")]
    [InlineData("dev")]
    [InlineData("dev/")]
    [InlineData("Dev/dev-a/cmd")]       // topics are case-sensitive (MQTT 3.1.1 §4.7.3)
    [InlineData("x/dev/dev-a")]
    [InlineData("")]
    public void Refuses_OtherDevicesWildcardsAcrossDevicesAndLookalikes(string topic) => Assert.False(_acl.Allows("dev-a", topic));

    [Theory]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("#")]
    [InlineData("a/b")]
    public void Refuses_AnIdThatCouldMatchOtherLevels(string id) => Assert.False(_acl.Allows(id, $"dev/{id}/cmd"));

    [Fact]
    public void Prefix_IsASetting_AndMustEndInASlashWithoutWildcards()
    {
        var acl = new DeviceTopicAcl("fleet/devices/");

        Assert.True(acl.Allows("dev-a", "fleet/devices/dev-a/status"));
        Assert.False(acl.Allows("dev-a", "dev/dev-a/status"));
        Assert.Equal("fleet/devices/dev-a", acl.RootOf("dev-a"));
        Assert.Throws<ArgumentException>(() => new DeviceTopicAcl("dev"));
        Assert.Throws<ArgumentException>(() => new DeviceTopicAcl("dev/+/"));
        Assert.Throws<ArgumentException>(() => new DeviceTopicAcl(""));
    }
}
