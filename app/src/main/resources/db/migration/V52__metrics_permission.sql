-- Reading the node's metrics (GET /actuator/prometheus) is a permission of its own: a monitoring
-- system's token needs nothing else, and metrics say something about activity (import volumes,
-- refusals, peers' lag) that not every user should learn. Administrators hold it too.
insert into role_permission (role, permission) values
    ('monitor', 'metrics.read'),
    ('administrator', 'metrics.read');
